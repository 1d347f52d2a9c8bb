import { describe, expect, it } from 'vitest';
import { CommandPath } from '../../lib/connection/command-path.js';
import type { Reply } from '../../lib/protocol/replies.js';
import { ManualScheduler } from '../helpers/fake-host.js';

function path(budget = { burst: 2, perSecond: 1 }) {
  const scheduler = new ManualScheduler();
  const sent: { at: number; command: { id: number; cmd: string } }[] = [];
  let limited = 0;
  const p = new CommandPath({ scheduler, timeoutMs: 1000, budget, send: (c) => { sent.push({ at: scheduler.now(), command: c as never }); }, onRateLimited: () => { limited++; } });
  const outcomes: string[] = [];
  const run = (cmd: string, binding: 'socket' | 'next-open' = 'socket') => p.request({ cmd }, binding).subscribe({
    next: (r) => outcomes.push(`${cmd}:${r.type}`),
    error: (e: Error) => outcomes.push(`${cmd}:${e.name}`),
  });
  return { scheduler, p, sent, outcomes, run, get limited() { return limited; } };
}

const reply = (id: number, type = 'ok'): Reply => ({ id, type } as Reply);

describe('CommandPath', () => {
  it('spends the budget: a burst at once, then one per refill', () => {
    const h = path();
    h.p.opened();
    for (const c of ['a', 'b', 'c', 'd']) h.run(c);
    expect(h.sent.map((s) => [s.at, s.command.cmd])).toEqual([[0, 'a'], [0, 'b']]);
    h.scheduler.advance(1000);
    expect(h.sent.map((s) => s.command.cmd)).toEqual(['a', 'b', 'c']);
    h.scheduler.advance(1000);
    expect(h.sent.map((s) => s.command.cmd)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('correlates by id, times out, and fails what was sent when the socket goes', () => {
    const h = path({ burst: 10, perSecond: 10 });
    h.p.opened();
    h.run('a');
    h.run('b');
    h.run('c');
    h.p.resolve(reply(2));
    h.scheduler.advance(1000);
    expect(h.outcomes).toEqual(['b:ok', 'a:KalshiTimeoutError', 'c:KalshiTimeoutError']);
    h.run('d');
    h.p.down(new Error('gone'));
    expect(h.outcomes.at(-1)).toBe('d:Error');
    expect(h.p.resolve(reply(4))).toBe(false);
  });

  it('never replays a command into a socket it was not meant for; user commands wait for the next open', () => {
    const h = path({ burst: 1, perSecond: 1 });
    h.p.opened();
    h.run('a');
    h.run('bound');
    h.run('user', 'next-open');
    h.p.down(new Error('gone'));
    expect(h.outcomes).toEqual(['a:Error', 'bound:Error']);
    h.run('while-down');
    expect(h.outcomes.at(-1)).toBe('while-down:KalshiConnectionLostError');
    h.scheduler.advance(1000);
    h.p.opened();
    expect(h.sent.map((s) => s.command.cmd)).toEqual(['a', 'user']);
  });

  it('error 27: backs off (1 s, doubling), empties the budget, sends again, and emits the final reply', () => {
    const h = path({ burst: 5, perSecond: 5 });
    h.p.opened();
    h.run('a');
    h.p.resolve({ id: 1, type: 'error', msg: { code: 27, msg: 'Too many requests' } });
    expect(h.limited).toBe(1);
    h.scheduler.advance(999);
    expect(h.sent).toHaveLength(1);
    h.scheduler.advance(1);
    expect(h.sent.map((s) => [s.at, s.command.id])).toEqual([[0, 1], [1000, 2]]);
    h.p.resolve({ id: 2, type: 'error', msg: { code: 27, msg: 'Too many requests' } });
    h.scheduler.advance(2000);
    expect(h.sent.map((s) => s.at)).toEqual([0, 1000, 3000]);
    h.p.resolve(reply(3));
    expect(h.outcomes).toEqual(['a:ok']);
  });

  it('end() fails everything, queued or sent', () => {
    const h = path({ burst: 1, perSecond: 1 });
    h.run('waiting', 'next-open');
    h.p.end(new Error('closed'));
    expect(h.outcomes).toEqual(['waiting:Error']);
  });
});
