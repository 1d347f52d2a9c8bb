/**
 * ServerSubscription, the parts a member sees that the phase spec leaves open: exact statuses on
 * joining a live sid, on a drop before any socket opened and on a reconnect after some time;
 * what the server is said to hold; which errors on the socket kill which sid; what a resync
 * asks for. No socket: the fake host records each request and the test answers it.
 */
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../lib/protocol/replies.js';
import { dataOf, error, fakeHost, liveWith, ok, subscribed } from '../helpers/fake-host.js';
import { snapshotFrame } from '../helpers/messages.js';

describe('ServerSubscription: joining a live sid', () => {
  it('a second member of a held market hears live at once and waits for its own snapshot; the first hears nothing new', () => {
    const h = liveWith(['A']);
    const second = h.member(['A']);
    h.sub.join(second);
    expect(second.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    expect(h.sub.awaitingSnapshot('A')).toBe(true);
    h.turn();
    expect(h.last().body.params).toEqual({ sid: 1, action: 'get_snapshot', market_tickers: ['A'] });
    h.answer(ok(1));
    h.sub.feed.onData(dataOf(snapshotFrame(1, h.seq(), 'A')));
    expect(h.sub.awaitingSnapshot('A')).toBe(false);
    expect(h.members[0]!.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    expect(second.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
  });

  it('a member of a market the server does not hold yet hears nothing and awaits nothing until add_markets is answered', () => {
    const h = liveWith(['A']);
    const b = h.member(['B']);
    h.sub.join(b);
    expect(b.port.statuses).toEqual([]);
    expect(h.sub.awaitingSnapshot('B')).toBe(false);
    h.turn();
    expect(h.last().body.params).toEqual({ sid: 1, action: 'add_markets', market_tickers: ['B'] });
    h.answer(ok(1));
    expect(b.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['B'] }]);
    expect(h.sub.awaitingSnapshot('B')).toBe(true);
  });

  it('while add_markets is in flight the sid is still the one of the subscription (resync, live of a held market)', () => {
    const h = liveWith(['A']);
    h.sub.join(h.member(['B']));
    h.turn();
    expect(h.sub.phase).toMatchObject({ kind: 'updating', sid: 1 });
    expect(h.sub.sid).toBe(1);
    const late = h.member(['A']);
    h.sub.join(late);
    expect(late.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    h.sub.resync(['A', 'B', 'Z']);
    expect(h.members[0]!.port.statuses.at(-1)).toEqual({ state: 'resyncing', sid: 1, markets: ['A'] });
    expect(h.counts['resyncs']).toBe(1);
  });

  it('socketOpen while live changes nothing', () => {
    const h = liveWith(['A']);
    h.sub.socketOpen();
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 1 });
  });
});

describe('ServerSubscription: what the server holds', () => {
  it('markets are listed sorted, whatever the order they were subscribed in; a whole-channel sid holds "all"', () => {
    const h = fakeHost();
    h.sub.socketOpen();
    h.sub.join(h.member(['B']));
    h.sub.join(h.member(['A']));
    h.turn();
    expect(h.last().body.params).toMatchObject({ market_tickers: ['B', 'A'] });
    h.answer(subscribed(1, 1));
    expect(h.sub.serverMarkets()).toEqual(['A', 'B']);
    const f = fakeHost('fill');
    f.sub.socketOpen();
    f.sub.join(f.member(undefined));
    f.turn();
    f.answer(subscribed(1, 3, 'fill'));
    expect(f.sub.serverMarkets()).toBe('all');
  });

  it('socketDown forgets what the server held', () => {
    const h = liveWith(['A', 'B']);
    h.sub.socketDown('dropped', true);
    expect(h.sub.serverMarkets()).toEqual([]);
    expect(h.sub.sid).toBeUndefined();
  });
});

describe('ServerSubscription: disconnected and reconnected', () => {
  it('a socket that never opened says nothing to the members, and the first subscribe is no reconnect', () => {
    const h = fakeHost();
    const a = h.member(['A']);
    h.sub.join(a);
    h.sub.socketDown('auth', false);
    expect(a.port.statuses).toEqual([]);
    h.sub.socketOpen();
    h.turn();
    h.answer(subscribed(1, 1));
    expect(a.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    expect(h.counts['resubscribes']).toBeUndefined();
  });

  it('a live sid whose socket goes tells its members, even when the socket is not reported as open', () => {
    const h = liveWith(['A']);
    h.sub.socketDown('dropped', false);
    expect(h.members[0]!.port.statuses.at(-1)).toEqual({ state: 'disconnected', reason: 'dropped' });
  });

  it('reconnected says how long the sid was down (from the first drop)', () => {
    const h = liveWith(['A']);
    h.scheduler.advance(100);
    h.sub.socketDown('dropped', true);
    h.scheduler.advance(150);
    h.sub.socketDown('open-timeout', false);
    h.scheduler.advance(100);
    h.sub.socketOpen();
    h.sub.reconcile();
    h.answer(subscribed(2, 2));
    expect(h.members[0]!.port.statuses.slice(1)).toEqual([
      { state: 'disconnected', reason: 'dropped' },
      { state: 'reconnected', sid: 2, downForMs: 250 },
      { state: 'live', sid: 2, markets: ['A'] },
    ]);
    expect(h.counts['resubscribes']).toBe(1);
  });

  it('a filtered sid started over for a whole-channel member is no resubscribe; the whole member hears live on the new sid only', () => {
    const h = fakeHost('ticker');
    h.sub.socketOpen();
    const a = h.member(['A']);
    h.sub.join(a);
    h.turn();
    h.answer(subscribed(1, 1, 'ticker'));
    const whole = h.member(undefined);
    h.sub.join(whole);
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'releasing', sid: 1 });
    expect(whole.port.statuses).toEqual([]);
    h.answer({ type: 'unsubscribed', sid: 1 });
    h.answer(subscribed(2, 2, 'ticker'));
    expect(whole.port.statuses).toEqual([{ state: 'live', sid: 2 }]);
    expect(a.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }, { state: 'live', sid: 2, markets: ['A'] }]);
  });
});

describe('ServerSubscription: errors on the socket', () => {
  it('a terminal error kills only its own sid, and none while no sid is held', () => {
    const h = liveWith(['A']);
    h.sub.onServerError({ type: 'error', sid: 2, msg: { code: 10, msg: 'Channel error' } });
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 1 });
    const s = fakeHost();
    s.sub.socketOpen();
    s.sub.join(s.member(['A']));
    s.turn();
    s.sub.onServerError({ type: 'error', msg: { code: 10, msg: 'Channel error' } } as never);
    expect(s.sub.phase).toEqual({ kind: 'subscribing', markets: ['A'] });
    expect(s.requests).toHaveLength(1);
  });

  it('a terminal error while releasing drops the sid at once: idle, released, the unsubscribe forgotten', () => {
    const h = liveWith(['A']);
    h.sub.leave(h.members[0]!);
    h.turn();
    const release = h.last();
    expect(h.sub.phase).toEqual({ kind: 'releasing', sid: 1 });
    h.sub.onServerError({ type: 'error', sid: 1, msg: { code: 10, msg: 'Channel error' } });
    expect(release.cancelled).toBe(true);
    expect(h.routes.has(1)).toBe(false);
    expect(h.sub.phase).toEqual({ kind: 'idle' });
    expect(h.released).toBe(1);
  });

  it('error 26 tells the host how many markets the sid held and how many were refused; other refusals do not', () => {
    const h = liveWith(['A', 'B']);
    const calls: unknown[] = [];
    Object.assign(h.host, { marketLimit: (...args: unknown[]) => calls.push(args) });
    h.sub.join(h.member(['C']));
    h.turn();
    h.answer(error(11, 'C'));
    expect(calls).toEqual([]);
    h.sub.join(h.member(['D']));
    h.sub.join(h.member(['E']));
    h.turn();
    h.answer(error(26));
    expect(calls).toEqual([['orderbook_delta', 2, 2]]);
  });

  it('a market found by splitting a batch fails with an error naming the command, the channel and the market', () => {
    const h = liveWith(['A']);
    const c = h.member(['C']);
    h.sub.join(c);
    h.turn();
    h.answer(error(11));
    expect((c.port.ended?.error as Error).message).toBe('update_subscription orderbook_delta: Kalshi error 11 InvalidParameter: x (market C)');
    const d = h.member(['D']);
    h.sub.join(d);
    h.turn();
    h.answer(error(11, 'D'));
    expect((d.port.ended?.error as Error).message).toBe('update_subscription orderbook_delta: Kalshi error 11 InvalidParameter: x (market D)');
  });

  it('the second command, sent while the first was answered at once, is the one a drop cancels', () => {
    const h = fakeHost();
    const request = h.host.request.bind(h.host);
    let first = true;
    Object.assign(h.host, {
      request: (body: never) => {
        if (!first) return request(body);
        first = false;
        return of(error(11, 'B') as Reply);
      },
    });
    h.sub.socketOpen();
    h.sub.join(h.member(['A']));
    h.sub.join(h.member(['B']));
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A'] });
    h.sub.socketDown('dropped', true);
    expect(h.last().cancelled).toBe(true);
  });
});

describe('ServerSubscription: resync', () => {
  it('asks only for markets that are held and wanted; nothing at all when none is', () => {
    const h = liveWith(['A', 'B']);
    h.sub.resync(['Z']);
    expect(h.counts['resyncs']).toBeUndefined();
    h.sub.resync(['B', 'Z']);
    expect(h.members[1]!.port.statuses.at(-1)).toEqual({ state: 'resyncing', sid: 1, markets: ['B'] });
    expect(h.members[0]!.port.statuses).toEqual([{ state: 'live', sid: 1, markets: ['A'] }]);
    h.turn();
    expect(h.last().body.params).toEqual({ sid: 1, action: 'get_snapshot', market_tickers: ['B'] });
    h.answer(ok(1));
    h.sub.feed.onData(dataOf(snapshotFrame(1, h.seq(), 'B')));
    expect(h.members[1]!.port.statuses.at(-1)).toEqual({ state: 'live', sid: 1, markets: ['B'] });
  });

  it('a market whose members left before its snapshot was asked for is deleted, not asked for', () => {
    const h = liveWith(['A', 'B']);
    h.sub.resync(['A']);
    h.sub.leave(h.members[0]!);
    h.turn();
    expect(h.sub.awaitingSnapshot('A')).toBe(false);
    expect(h.last().body.params).toEqual({ sid: 1, action: 'delete_markets', market_tickers: ['A'] });
  });
});
