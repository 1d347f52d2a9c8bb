/**
 * ServerSubscription recovery paths the phase spec leaves open: a refused get_snapshot (named
 * market, or none), a gap on a channel whose recovery is resubscribe (and on one without
 * recovery), and when the host is asked for a reconcile. No socket.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../lib/channels/channel-names.js';
import { ServerSubscription } from '../../lib/connection/server-subscription.js';
import { dataOf, error, fakeHost, liveWith, ok, subscribed } from '../helpers/fake-host.js';
import { snapshotFrame } from '../helpers/messages.js';

/** Counts the reconciles a subscription asks its host for. */
function countSoon(h: ReturnType<typeof fakeHost>): () => number {
  let n = 0;
  const soon = h.host.soon.bind(h.host);
  Object.assign(h.host, { soon: (s: ServerSubscription) => { n++; soon(s); } });
  return () => n;
}

describe('ServerSubscription: a refused get_snapshot', () => {
  it('naming one market of the batch: that market fails, the others are asked for again at once', () => {
    const h = liveWith(['A', 'B']);
    h.sub.resync(['A', 'B']);
    h.turn();
    expect(h.last().body.params).toEqual({ sid: 1, action: 'get_snapshot', market_tickers: ['A', 'B'] });
    h.answer(error(11, 'A'));
    expect(h.members[0]!.port.ended?.error).toMatchObject({ name: 'KalshiCommandError', code: 11, marketTicker: 'A' });
    for (let i = 0; i < 3 && h.sub.phase.kind === 'updating'; i++) h.answer(ok(1));
    expect(h.requests.slice(2).map((r) => r.body.params)).toContainEqual({ sid: 1, action: 'get_snapshot', market_tickers: ['B'] });
    expect(h.sub.awaitingSnapshot('B')).toBe(true);
  });

  it('naming no market: the server error is reported and the sid is replaced (resubscribed, code 0)', () => {
    const h = liveWith(['A', 'B']);
    h.sub.resync(['A', 'B']);
    h.turn();
    h.answer(error(11));
    expect(h.diagnostics).toEqual([{ kind: 'server-error', code: 11, message: 'x', sid: 1 }]);
    expect(h.sub.phase).toEqual({ kind: 'releasing', sid: 1 });
    h.answer({ type: 'unsubscribed', sid: 1 });
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A', 'B'] });
    h.answer(subscribed(5, 2));
    expect(h.members[0]!.port.statuses).toContainEqual({ state: 'resubscribed', sid: 2, code: 0 });
    expect(h.members.map((m) => m.port.ended)).toEqual([undefined, undefined]);
  });
});

describe('ServerSubscription: other channels', () => {
  it('a gap on a channel whose recovery is resubscribe replaces the sid', () => {
    const h = fakeHost('trade');
    const sub = new ServerSubscription('trade', { ...CHANNELS.trade, recovery: 'resubscribe' }, {}, '[]', h.host);
    sub.socketOpen();
    const m = h.member(['T']);
    sub.join(m);
    sub.reconcile();
    h.answer(subscribed(1, 3, 'trade'));
    const trade = (seq: number) => ({
      type: 'trade', sid: 3, seq,
      msg: { trade_id: 't', market_ticker: 'T', yes_price_dollars: '0.3600', no_price_dollars: '0.6400', count_fp: '1.00', taker_side: 'no', ts: 1, ts_ms: 1000 },
    });
    sub.feed.onData(dataOf(trade(1)));
    expect(m.port.messages).toHaveLength(1);
    sub.feed.onData(dataOf(trade(5)));
    expect(h.counts['gaps']).toBe(1);
    sub.reconcile();
    expect(sub.phase).toEqual({ kind: 'releasing', sid: 3 });
    expect(h.last().body).toEqual({ cmd: 'unsubscribe', params: { sids: [3] } });
  });

  it('a gap on a channel without recovery changes nothing', () => {
    const h = fakeHost('trade');
    h.sub.socketOpen();
    h.sub.join(h.member(['T']));
    h.turn();
    h.answer(subscribed(1, 3, 'trade'));
    const asked = countSoon(h);
    const trade = (seq: number) => ({ type: 'trade', sid: 3, seq, msg: { trade_id: 't', market_ticker: 'T', yes_price_dollars: '0.3600', no_price_dollars: '0.6400', count_fp: '1.00', taker_side: 'no', ts: 1, ts_ms: 1000 } });
    h.sub.feed.onData(dataOf(trade(1)));
    h.sub.feed.onData(dataOf(trade(5)));
    expect(h.counts['gaps']).toBe(1);
    expect(asked()).toBe(0);
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 3 });
  });
});

describe('ServerSubscription: reply shapes', () => {
  it('a subscribe answered ok without market tickers holds exactly the markets asked for', () => {
    const h = fakeHost();
    h.sub.socketOpen();
    h.sub.join(h.member(['A']));
    h.turn();
    h.answer({ id: 1, type: 'ok', sid: 4 });
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 4 });
    expect(h.sub.serverMarkets()).toEqual(['A']);
  });

  it('a repeat subscribe (no add_markets) answered subscribed adds exactly its markets', () => {
    const h = fakeHost('market_positions');
    h.sub.socketOpen();
    h.sub.join(h.member(['A']));
    h.turn();
    h.answer(subscribed(1, 1, 'market_positions'));
    h.sub.join(h.member(['B']));
    h.turn();
    h.answer(subscribed(2, 1, 'market_positions'));
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 1 });
    expect(h.sub.serverMarkets()).toEqual(['A', 'B']);
  });
});

describe('ServerSubscription: asking the host for a reconcile', () => {
  it('leave() of a member that is gone already asks for nothing', () => {
    const h = liveWith(['A']);
    const x = h.member(['X']);
    h.sub.join(x);
    h.turn();
    h.answer(error(11, 'X'));
    expect(x.port.ended?.error).toMatchObject({ code: 11 });
    const asked = countSoon(h);
    h.sub.leave(x);
    expect(asked()).toBe(0);
    h.sub.leave(h.members[0]!);
    expect(asked()).toBe(1);
  });

  it('once every awaited snapshot is in, the snapshot deadline no longer fires', () => {
    const h = fakeHost();
    h.sub.socketOpen();
    h.sub.join(h.member(['A']));
    h.turn();
    h.answer(subscribed(1, 1));
    const asked = countSoon(h);
    h.sub.feed.onData(dataOf(snapshotFrame(1, 1, 'A')));
    h.scheduler.advance(5000);
    expect(asked()).toBe(0);
    expect(h.requests).toHaveLength(1);
  });
});
