/**
 * The phase machine of one server subscription, with no socket: a fake host records each
 * request and the test answers it. Every transition of docs/subscription-core.md is here.
 */
import { describe, expect, it } from 'vitest';
import { KalshiConnectionLostError, KalshiTimeoutError } from '../../lib/connection/connection-errors.js';
import { dataOf, error, fakeHost, liveWith, ok, subscribed } from '../helpers/fake-host.js';
import { deltaFrame, snapshotFrame } from '../helpers/messages.js';

describe('ServerSubscription phases', () => {
  it('down → idle on socketOpen; idle without members → released', () => {
    const h = fakeHost();
    expect(h.sub.phase).toEqual({ kind: 'down' });
    h.sub.reconcile();
    expect(h.requests).toHaveLength(0);
    h.sub.socketOpen();
    expect(h.sub.phase).toEqual({ kind: 'idle' });
    h.sub.reconcile();
    expect(h.released).toBe(1);
  });

  it('idle → subscribing → live: one subscribe for the markets of a turn; members hear live; the sid is routed', () => {
    const h = fakeHost();
    h.sub.socketOpen();
    const a = h.member(['A']);
    const b = h.member(['B']);
    h.sub.join(a);
    h.sub.join(b);
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A', 'B'] });
    expect(h.last().body).toEqual({ cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A', 'B'] } });
    h.answer(subscribed(1, 4));
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 4 });
    expect(h.routes.get(4)).toBe(h.sub);
    expect(a.port.statuses).toEqual([{ state: 'live', sid: 4, markets: ['A'] }]);
    expect(h.sub.awaitingSnapshot('A')).toBe(true);
    h.sub.feed.onData(dataOf(deltaFrame(4, 1, 'A')));
    expect(h.counts['droppedUntilSnapshot']).toBe(1);
    h.sub.feed.onData(dataOf(snapshotFrame(4, 2, 'A')));
    expect(h.sub.awaitingSnapshot('A')).toBe(false);
    expect(a.port.messages).toHaveLength(1);
  });

  it('subscribing → idle on a refusal naming a market: only its members fail, the rest is subscribed at once', () => {
    const h = fakeHost();
    h.sub.socketOpen();
    const a = h.member(['A']);
    const b = h.member(['B']);
    h.sub.join(a);
    h.sub.join(b);
    h.turn();
    h.answer(error(11, 'B'));
    expect(b.port.ended?.error).toMatchObject({ name: 'KalshiCommandError', code: 11, marketTicker: 'B' });
    expect(a.port.ended).toBeUndefined();
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A'] });
  });

  it('an unnamed refusal of a batch splits it until the culprit is found (≤ 2 commands name it)', () => {
    const h = fakeHost();
    h.sub.socketOpen();
    const ms = ['A', 'B', 'C'].map((m) => h.member([m]));
    for (const m of ms) h.sub.join(m);
    h.turn();
    h.answer(error(11));
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A'] });
    h.answer(subscribed(2, 1));
    expect(h.sub.phase).toMatchObject({ kind: 'updating', step: 'add_markets', markets: ['B'] });
    h.answer(error(11));
    expect(ms[1]!.port.ended?.error).toMatchObject({ code: 11 });
    expect(h.sub.phase).toMatchObject({ kind: 'updating', step: 'add_markets', markets: ['C'] });
    h.answer(ok(1));
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 1 });
    expect(h.sub.serverMarkets()).toEqual(['A', 'C']);
    expect(h.requests.filter((r) => JSON.stringify(r.body).includes('"B"'))).toHaveLength(2);
  });

  it('a market refused twice within a minute fails new members at once, with no command; a minute later it is tried again', () => {
    const h = liveWith(['A']);
    for (let i = 0; i < 2; i++) {
      const m = h.member(['X']);
      h.sub.join(m);
      h.turn();
      h.answer(error(11, 'X'));
      expect(m.port.ended?.error).toMatchObject({ code: 11 });
    }
    const before = h.requests.length;
    const third = h.member(['X']);
    h.sub.join(third);
    h.turn();
    expect(third.port.ended?.error).toMatchObject({ code: 11 });
    expect(h.requests.length).toBe(before);
    h.scheduler.advance(60_001);
    const fourth = h.member(['X']);
    h.sub.join(fourth);
    h.turn();
    expect(h.last().body.params).toMatchObject({ action: 'add_markets', market_tickers: ['X'] });
  });

  it('a whole-channel subscription refused twice within a minute fails new members at once too', () => {
    const h = fakeHost('fill');
    h.sub.socketOpen();
    for (let i = 0; i < 2; i++) {
      const m = h.member(undefined);
      h.sub.join(m);
      h.turn();
      h.answer(error(9));
      expect(m.port.ended?.error).toMatchObject({ code: 9 });
    }
    const third = h.member(undefined);
    h.sub.join(third);
    h.turn();
    expect(third.port.ended?.error).toMatchObject({ code: 9 });
    expect(h.requests).toHaveLength(2);
  });

  it('live → updating(add_markets) → live; live → updating(delete_markets) → live, and an error on delete counts as released', () => {
    const h = liveWith(['A']);
    const b = h.member(['B']);
    h.sub.join(b);
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'updating', sid: 1, step: 'add_markets', markets: ['B'] });
    h.answer(ok(1));
    expect(h.sub.serverMarkets()).toEqual(['A', 'B']);
    h.sub.leave(b);
    h.turn();
    expect(h.sub.phase).toMatchObject({ kind: 'updating', step: 'delete_markets', markets: ['B'] });
    h.answer(error(11));
    expect(h.sub.phase).toEqual({ kind: 'live', sid: 1 });
    expect(h.sub.serverMarkets()).toEqual(['A']);
    h.turn();
    expect(h.commands()).toEqual(['subscribe', 'add_markets', 'delete_markets']);
    expect(h.diagnostics).toContainEqual(expect.objectContaining({ kind: 'server-error', code: 11 }));
  });

  it('a gap → updating(get_snapshot) for every market; a second trigger while it is in flight is not lost', () => {
    const h = liveWith(['A', 'B']);
    h.sub.feed.onData(dataOf(deltaFrame(1, 10, 'A')));
    expect(h.counts['gaps']).toBe(1);
    h.turn();
    expect(h.sub.phase).toMatchObject({ kind: 'updating', step: 'get_snapshot', markets: ['A', 'B'] });
    h.answer(ok(1));
    // A violation on A while its snapshot is still due: A stays awaited, nothing else is sent.
    h.sub.resync(['A']);
    h.turn();
    expect(h.commands()).toEqual(['subscribe', 'get_snapshot']);
    h.sub.feed.onData(dataOf(snapshotFrame(1, 11, 'A')));
    h.sub.feed.onData(dataOf(snapshotFrame(1, 12, 'B')));
    expect(h.sub.awaitingSnapshot('A') || h.sub.awaitingSnapshot('B')).toBe(false);
    // A new trigger after the resync: asked at once.
    h.sub.resync(['B']);
    h.turn();
    expect(h.last().body.params).toMatchObject({ action: 'get_snapshot', market_tickers: ['B'] });
  });

  it('a missed snapshot deadline asks again; a second miss replaces the sid (releasing → idle → subscribing)', () => {
    const h = liveWith(['A']);
    h.sub.resync(['A']);
    h.turn();
    h.answer(ok(1));
    h.scheduler.advance(1000);
    h.turn();
    expect(h.commands()).toEqual(['subscribe', 'get_snapshot', 'get_snapshot']);
    h.answer(ok(1));
    h.scheduler.advance(1000);
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'releasing', sid: 1 });
    h.answer({ type: 'unsubscribed', sid: 1 });
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A'] });
    h.answer(subscribed(9, 2));
    expect(h.members[0]!.port.statuses).toContainEqual({ state: 'resubscribed', sid: 2, code: 0 });
  });

  it('live → releasing when the last member leaves → idle → released; error 7 on unsubscribe counts as released', () => {
    const h = liveWith(['A']);
    h.sub.leave(h.members[0]!);
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'releasing', sid: 1 });
    h.answer(error(7));
    expect(h.sub.phase).toEqual({ kind: 'idle' });
    expect(h.routes.has(1)).toBe(false);
    expect(h.released).toBe(1);
  });

  it('a member wanting every market makes a filtered sid start over (releasing → subscribing without markets)', () => {
    const h = fakeHost('ticker');
    h.sub.socketOpen();
    h.sub.join(h.member(['A']));
    h.turn();
    h.answer({ id: 1, type: 'subscribed', msg: { channel: 'ticker', sid: 1 } });
    h.sub.join(h.member(undefined));
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'releasing', sid: 1 });
    h.answer({ type: 'unsubscribed', sid: 1 });
    expect(h.last().body).toEqual({ cmd: 'subscribe', params: { channels: ['ticker'] } });
  });

  it('updating → idle → subscribing when the server no longer knows the sid (7) or kills it (10, 25)', () => {
    const h = liveWith(['A']);
    h.sub.join(h.member(['B']));
    h.turn();
    h.answer(error(7));
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A', 'B'] });
    h.answer(subscribed(3, 2));
    h.sub.onServerError({ type: 'error', sid: 2, msg: { code: 10, msg: 'Channel error' } });
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A', 'B'] });
    h.answer(subscribed(4, 3));
    expect(h.members[0]!.port.statuses).toContainEqual({ state: 'resubscribed', sid: 3, code: 10 });
  });

  it('any phase → down on socketDown: the request is cancelled, a late reply changes nothing, members hear disconnected', () => {
    const h = liveWith(['A']);
    h.sub.join(h.member(['B']));
    h.turn();
    const inFlight = h.last();
    h.sub.socketDown('dropped', true);
    expect(inFlight.cancelled).toBe(true);
    expect(h.sub.phase).toEqual({ kind: 'down' });
    h.answer(ok(1), inFlight);
    expect(h.sub.phase).toEqual({ kind: 'down' });
    expect(h.members[0]!.port.statuses.at(-1)).toEqual({ state: 'disconnected', reason: 'dropped' });
    h.sub.socketOpen();
    h.sub.reconcile();
    expect(h.sub.phase).toEqual({ kind: 'subscribing', markets: ['A', 'B'] });
    h.answer(subscribed(5, 7));
    expect(h.members[0]!.port.statuses.slice(-2)).toEqual([{ state: 'reconnected', sid: 7, downForMs: 0 }, { state: 'live', sid: 7, markets: ['A'] }]);
    expect(h.counts['resubscribes']).toBe(1);
  });

  it('a command without a reply asks the host to replace the socket; a lost command waits for the next socket', () => {
    const h = liveWith(['A']);
    h.sub.join(h.member(['B']));
    h.turn();
    h.last().subscriber.error(new KalshiTimeoutError('no reply'));
    expect(h.replaced).toBe(1);
    const h2 = liveWith(['A']);
    h2.sub.join(h2.member(['B']));
    h2.turn();
    h2.last().subscriber.error(new KalshiConnectionLostError('gone'));
    expect(h2.sub.phase).toEqual({ kind: 'down' });
  });

  it('a channel without add_markets merges new markets with a repeat subscribe (updating/subscribe)', () => {
    const h = fakeHost('market_positions');
    h.sub.socketOpen();
    h.sub.join(h.member(['A']));
    h.turn();
    h.answer({ id: 1, type: 'subscribed', msg: { channel: 'market_positions', sid: 1 } });
    h.sub.join(h.member(['B']));
    h.turn();
    expect(h.sub.phase).toEqual({ kind: 'updating', sid: 1, step: 'subscribe', markets: ['B'] });
    h.answer(ok(1));
    expect(h.sub.serverMarkets()).toEqual(['A', 'B']);
  });

  it('end() finishes every member and goes down', () => {
    const h = liveWith(['A', 'B']);
    h.sub.end();
    expect(h.members.map((m) => m.port.ended)).toEqual([{ error: undefined }, { error: undefined }]);
    expect(h.sub.phase).toEqual({ kind: 'down' });
  });
});
