import { describe, expect, it } from 'vitest';
import { CommandFaults, marketsOfCommand } from '../../lib/simulator/command-faults.js';

const sub = (markets: string[]) => ({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: markets } });
const update = (action: string, markets: string[]) => ({ id: 2, cmd: 'update_subscription', params: { sid: 1, action, market_tickers: markets } });

describe('CommandFaults', () => {
  it('passes every command without rules', () => {
    expect(new CommandFaults().decide(sub(['A']))).toEqual({ kind: 'pass' });
  });

  it('matches by cmd, action and market, for the given number of times', () => {
    const f = new CommandFaults();
    f.add({ match: { action: 'get_snapshot', market: 'B' }, effect: { kind: 'error', code: 27 }, times: 1 });
    expect(f.decide(update('get_snapshot', ['A']))).toEqual({ kind: 'pass' });
    expect(f.decide(update('get_snapshot', ['A', 'B']))).toEqual({ kind: 'error', code: 27, market: undefined });
    expect(f.decide(update('get_snapshot', ['B']))).toEqual({ kind: 'pass' });
    f.add({ match: { cmd: 'unsubscribe' }, effect: { kind: 'ignore' } });
    expect(f.decide({ id: 3, cmd: 'unsubscribe', params: { sids: [1] } })).toEqual({ kind: 'ignore' });
    f.add({ match: { action: 'delete_markets' }, effect: { kind: 'delay', ms: 5 } });
    expect(f.decide(update('delete_markets', ['A']))).toEqual({ kind: 'delay', ms: 5 });
    f.add({ match: { action: 'add_markets' }, effect: { kind: 'error', code: 11, apply: true, nameMarket: true }, times: 1 });
    expect(f.decide(update('add_markets', ['Z']))).toEqual({ kind: 'error', code: 11, market: 'Z', apply: true });
    f.clear();
    expect(f.decide(update('delete_markets', ['A']))).toEqual({ kind: 'pass' });
  });

  it('a refusing market answers error 11, naming it or not, on everything but its release', () => {
    const f = new CommandFaults();
    f.refuseMarket('B', true);
    expect(f.decide(sub(['A', 'B']))).toEqual({ kind: 'error', code: 11, market: 'B' });
    expect(f.decide(update('delete_markets', ['B']))).toEqual({ kind: 'pass' });
    f.refuseMarket('B', false);
    expect(f.decide(update('add_markets', ['B']))).toEqual({ kind: 'error', code: 11, market: undefined });
    f.refuseMarket('B', 'stop');
    expect(f.decide(sub(['B']))).toEqual({ kind: 'pass' });
  });

  it('holds snapshots until released, in order', () => {
    const f = new CommandFaults();
    const sent: number[] = [];
    f.holdSnapshots(true);
    f.snapshot(() => sent.push(1));
    f.snapshot(() => sent.push(2));
    expect(sent).toEqual([]);
    f.holdSnapshots(false);
    f.snapshot(() => sent.push(3));
    expect(sent).toEqual([1, 2, 3]);
  });

  it('mutes replies only while a command is applied under an error fault', () => {
    const f = new CommandFaults();
    const seen: boolean[] = [];
    f.mute(() => seen.push(f.replyMuted));
    seen.push(f.replyMuted);
    expect(seen).toEqual([true, false]);
  });

  it('reads the markets of a command', () => {
    expect(marketsOfCommand({ params: { market_ticker: 'A' } })).toEqual(['A']);
    expect(marketsOfCommand({ params: { market_tickers: ['A', 'B'] } })).toEqual(['A', 'B']);
    expect(marketsOfCommand({ cmd: 'list_subscriptions' })).toEqual([]);
  });
});
