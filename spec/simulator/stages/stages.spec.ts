import { afterEach, describe, expect, it, vi } from 'vitest';
import { DelayRepliesStage } from '../../../lib/simulator/stages/delay-replies.js';
import { DuplicateStage } from '../../../lib/simulator/stages/duplicate.js';
import { LoseStage } from '../../../lib/simulator/stages/lose.js';
import { ReorderStage } from '../../../lib/simulator/stages/reorder.js';
import { outbox, type OutFrame } from '../../../lib/simulator/stages/stage.js';
import { StallStage } from '../../../lib/simulator/stages/stall.js';

const data = (text: string, channel = 'orderbook_delta', connection = 1): OutFrame => ({ connection, kind: 'data', channel, text });
const reply = (text: string): OutFrame => ({ connection: 1, kind: 'reply', channel: undefined, text });
const ping: OutFrame = { connection: 1, kind: 'ping', channel: undefined, text: 'heartbeat' };
const raw: OutFrame = { connection: 1, kind: 'raw', channel: undefined, text: 'x' };

function run(stages: Parameters<typeof outbox>[0], frames: OutFrame[]): string[] {
  const out: string[] = [];
  const send = outbox(stages, (f) => out.push(String(f.text)));
  for (const f of frames) send(f);
  return out;
}

afterEach(() => { vi.useRealTimers(); });

describe('outbox', () => {
  it('passes frames through the stages in order, then delivers them', () => {
    const lose = new LoseStage(new Set(['orderbook_delta']));
    const duplicate = new DuplicateStage(new Set(['orderbook_delta']));
    lose.arm(1);
    duplicate.arm(1);
    // lose takes the first data frame; duplicate then doubles the second.
    expect(run([lose, duplicate], [data('1'), data('2'), data('3')])).toEqual(['2', '2', '3']);
  });
});

describe('stall', () => {
  it('data: drops data frames only; all: drops data, replies and pings but not raw frames; off again: everything flows', () => {
    const stall = new StallStage();
    stall.set('data', true);
    expect(run([stall], [data('d'), reply('r'), ping])).toEqual(['r', 'heartbeat']);
    stall.set('data', false);
    stall.set('all', true);
    expect(stall.stallsAll).toBe(true);
    expect(run([stall], [data('d'), reply('r'), ping, raw])).toEqual(['x']);
    stall.set('all', false);
    expect(run([stall], [data('d'), reply('r')])).toEqual(['d', 'r']);
  });
});

describe('lose', () => {
  it('drops the next n data frames of its channels and nothing else', () => {
    const lose = new LoseStage(new Set(['orderbook_delta']));
    lose.arm(2);
    expect(run([lose], [reply('r'), data('t', 'trade'), data('1'), data('2'), data('3')])).toEqual(['r', 't', '3']);
  });
});

describe('duplicate', () => {
  it('sends the next n data frames of its channels twice', () => {
    const duplicate = new DuplicateStage(new Set(['orderbook_delta']));
    duplicate.arm(1);
    expect(run([duplicate], [data('t', 'trade'), data('1'), data('2')])).toEqual(['t', '1', '1', '2']);
  });
});

describe('reorder', () => {
  it('swaps the next data frame with the one after it, per connection; other frames pass', () => {
    const reorder = new ReorderStage();
    reorder.arm(1);
    expect(run([reorder], [data('1'), reply('r'), data('2'), data('3')])).toEqual(['r', '2', '1', '3']);
    reorder.arm(1);
    expect(run([reorder], [data('a', 'orderbook_delta', 1), data('b', 'orderbook_delta', 2), data('c', 'orderbook_delta', 1)])).toEqual(['b', 'c', 'a']);
  });
});

describe('delayReplies', () => {
  it('delivers replies ms later, data at once; dispose cancels what is pending', () => {
    vi.useFakeTimers();
    const delay = new DelayRepliesStage();
    const out: string[] = [];
    const send = outbox([delay], (f) => out.push(String(f.text)));
    delay.set(100);
    send(reply('r'));
    send(data('d'));
    expect(out).toEqual(['d']);
    vi.advanceTimersByTime(100);
    expect(out).toEqual(['d', 'r']);
    send(reply('late'));
    delay.dispose();
    vi.advanceTimersByTime(200);
    expect(out).toEqual(['d', 'r']);
    delay.set(0);
    send(reply('now'));
    expect(out).toEqual(['d', 'r', 'now']);
  });
});
