import { describe, expect, it } from 'vitest';
import { type MarketSource, type Outbound, SimSession } from '../../lib/simulator/sim-session.js';

// The in-memory Kalshi's command handler, one command at a time, with no socket.

const source = (markets = ['A', 'B', 'C']): MarketSource => ({
  has: (t) => markets.includes(t),
  tickerOfId: (id) => (id === 'id-A' ? 'A' : undefined),
  tickers: () => markets,
  snapshotBody: (t) => JSON.stringify({ market_ticker: t }),
  tickerBody: (t) => JSON.stringify({ market_ticker: t }),
});
/** A session whose frames go out as soon as they are made (as on a socket), so data frames take their seq in order. */
const sentSeq = new WeakMap<Outbound, number | undefined>();
class SentSession extends SimSession {
  override handle(command: unknown): Outbound[] {
    const out = super.handle(command);
    for (const o of out) if (o.kind === 'data') sentSeq.set(o, (JSON.parse(SimSession.text(o)) as { seq?: number }).seq);
    return out;
  }
}
const session = (extra: Partial<ConstructorParameters<typeof SimSession>[0]> = {}) => new SentSession({ authenticated: true, markets: source(), ...extra });
const replies = (out: Outbound[]) => out.filter((o) => o.kind === 'reply').map((o) => (o.kind === 'reply' ? o.frame : undefined));
const data = (out: Outbound[]) => out.flatMap((o) => (o.kind === 'data' ? [{ sid: o.sub.sid, type: o.type, seq: sentSeq.get(o), body: JSON.parse(o.body) as unknown }] : []));
const code = (out: Outbound[]) => (replies(out)[0] as { msg: { code: number } }).msg.code;

describe('SimSession: subscribe', () => {
  it('answers subscribed with a fresh sid per channel and sends a snapshot per book market, seq from 1', () => {
    const s = session();
    const out = s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta', 'ticker'], market_tickers: ['A', 'B'] } });
    expect(replies(out)).toEqual([
      { id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } },
      { id: 1, type: 'subscribed', msg: { channel: 'ticker', sid: 2 } },
    ]);
    expect(data(out)).toEqual([
      { sid: 1, type: 'orderbook_snapshot', seq: 1, body: { market_ticker: 'A' } },
      { sid: 1, type: 'orderbook_snapshot', seq: 2, body: { market_ticker: 'B' } },
    ]);
  });

  it('merges a repeat subscribe into the same sid: ok with the next seq and the full market list, snapshots for the new markets only', () => {
    const s = session();
    s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A'] } });
    const out = s.handle({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A', 'B'] } });
    expect(replies(out)).toEqual([{ id: 2, sid: 1, seq: 2, type: 'ok', msg: { market_tickers: ['A', 'B'] } }]);
    expect(data(out)).toEqual([{ sid: 1, type: 'orderbook_snapshot', seq: 3, body: { market_ticker: 'B' } }]);
  });

  it.each([
    ['no channels', { channels: [] }, 3],
    ['an unknown channel', { channels: ['ticker_v2'] }, 8],
    ['a book without markets', { channels: ['orderbook_delta'] }, 14],
    ['an unknown market (named)', { channels: ['ticker'], market_tickers: ['NOPE'] }, 11],
    ['market_tickers: [] on a filtered channel', { channels: ['ticker'], market_tickers: [] }, 11],
    ['shard_key without shard_factor', { channels: ['communications'], shard_key: 1 }, 20],
    ['shard_factor 0', { channels: ['communications'], shard_factor: 0 }, 19],
    ['shard_key out of range', { channels: ['communications'], shard_factor: 2, shard_key: 2 }, 21],
    ['shard_factor over 100', { channels: ['communications'], shard_factor: 101 }, 22],
    ['a non-boolean flag', { channels: ['ticker'], use_yes_price: 'yes' }, 11],
  ])('refuses %s with error %i', (_what, params, expected) => {
    const out = session().handle({ id: 9, cmd: 'subscribe', params });
    expect(code(out)).toBe(expected);
    expect(replies(out)[0]).toMatchObject({ id: 9, type: 'error' });
  });

  it('names the refused market in the error', () => {
    expect(replies(session().handle({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A', 'NOPE'] } }))).toEqual([
      { id: 1, type: 'error', msg: { code: 11, msg: 'Invalid parameter', market_ticker: 'NOPE' } },
    ]);
  });

  it('refuses private channels on an anonymous connection (9) and takes market_tickers: [] as no filter on an unfiltered one', () => {
    expect(code(session({ authenticated: false }).handle({ id: 1, cmd: 'subscribe', params: { channels: ['fill'] } }))).toBe(9);
    const s = session();
    expect(replies(s.handle({ id: 2, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'], market_tickers: [] } }))[0]).toMatchObject({ type: 'subscribed' });
    expect(s.byChannel.get('market_lifecycle_v2')?.markets).toBeNull();
  });

  it('enforces the market limit per subscription (26)', () => {
    const s = session({ maxMarketsPerSubscription: 2 });
    expect(code(s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['A', 'B', 'C'] } }))).toBe(26);
  });

  it('sends initial tickers with send_initial_snapshot', () => {
    expect(data(session().handle({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['C'], send_initial_snapshot: true } })))
      .toEqual([{ sid: 1, type: 'ticker', seq: undefined, body: { market_ticker: 'C' } }]);
  });
});

describe('SimSession: update_subscription', () => {
  const booked = () => {
    const s = session({ maxCommandsPerSecond: 2, now: () => 1_000 });
    s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A'] } });
    return s;
  };

  it('add_markets: ok consuming a seq, then the new market\'s snapshot', () => {
    const out = booked().handle({ id: 2, cmd: 'update_subscription', params: { sid: 1, action: 'add_markets', market_tickers: ['B'] } });
    expect(replies(out)).toEqual([{ id: 2, sid: 1, seq: 2, type: 'ok', msg: { market_tickers: ['A', 'B'] } }]);
    expect(data(out)).toEqual([{ sid: 1, type: 'orderbook_snapshot', seq: 3, body: { market_ticker: 'B' } }]);
  });

  it('delete_markets: ok with the remaining markets; get_snapshot: ok then a snapshot of a subscribed market', () => {
    const s = booked();
    expect(replies(s.handle({ id: 2, cmd: 'update_subscription', params: { sids: [1], action: 'delete_markets', market_tickers: ['A'] } })))
      .toEqual([{ id: 2, sid: 1, seq: 2, type: 'ok', msg: { market_tickers: [] } }]);
    const t = booked();
    expect(data(t.handle({ id: 3, cmd: 'update_subscription', params: { sid: 1, action: 'get_snapshot', market_tickers: ['A'] } })).map((d) => d.seq)).toEqual([3]);
  });

  it.each([
    ['no action', { sid: 1 }, 15],
    ['both sid and sids', { sid: 1, sids: [1], action: 'add_markets', market_tickers: ['B'] }, 12],
    ['two sids', { sids: [1, 2], action: 'add_markets', market_tickers: ['B'] }, 12],
    ['an unknown action', { sid: 1, action: 'explode' }, 13],
    ['an action the channel lacks', { sid: 1, action: 'subscribe_indices', index_ids: ['X'] }, 13],
    ['an unknown sid', { sid: 9, action: 'add_markets', market_tickers: ['B'] }, 7],
    ['no markets', { sid: 1, action: 'add_markets' }, 14],
  ])('refuses %s with error %i', (_what, params, expected) => {
    expect(code(booked().handle({ id: 5, cmd: 'update_subscription', params }))).toBe(expected);
  });

  it('limits the command rate per subscription (27)', () => {
    const s = booked();
    const cmd = (id: number) => s.handle({ id, cmd: 'update_subscription', params: { sid: 1, action: 'get_snapshot', market_tickers: ['A'] } });
    cmd(2);
    cmd(3);
    expect(code(cmd(4))).toBe(27);
  });

  it('pyth_value: subscribe_underlyings needs underlying_tickers (28) and answers ok with them', () => {
    const s = session();
    s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['pyth_value'] } });
    expect(code(s.handle({ id: 2, cmd: 'update_subscription', params: { sid: 1, action: 'subscribe_underlyings' } }))).toBe(28);
    expect(replies(s.handle({ id: 3, cmd: 'update_subscription', params: { sid: 1, action: 'subscribe_underlyings', underlying_tickers: ['BTC'] } })))
      .toEqual([{ id: 3, sid: 1, seq: 1, type: 'ok', msg: { underlying_tickers: ['BTC'] } }]);
  });
});

describe('SimSession: unsubscribe, list and bad commands', () => {
  it('unsubscribe answers unsubscribed with the next seq, and 7 for a sid it does not have', () => {
    const s = session();
    s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['A'] } });
    expect(replies(s.handle({ id: 2, cmd: 'unsubscribe', params: { sids: [1, 4] } }))).toEqual([
      { id: 2, sid: 1, seq: 2, type: 'unsubscribed' },
      { id: 2, type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } },
    ]);
    expect(s.subs.size).toBe(0);
    expect(code(s.handle({ id: 3, cmd: 'unsubscribe', params: {} }))).toBe(4);
  });

  it('list_subscriptions lists channel and sid', () => {
    const s = session();
    s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'] } });
    expect(replies(s.handle({ id: 2, cmd: 'list_subscriptions' }))).toEqual([{ id: 2, type: 'ok', msg: [{ channel: 'ticker', sid: 1 }, { channel: 'trade', sid: 2 }] }]);
  });

  it.each([
    ['text that is not JSON', '{"cmd":', 1, undefined],
    ['JSON that is not an object', '[1]', 1, undefined],
    ['a bad id', { id: -1, cmd: 'subscribe' }, 1, undefined],
    ['an unknown command', { id: 4, cmd: 'explode' }, 5, 4],
    ['missing params', { id: 4, cmd: 'subscribe' }, 2, 4],
    ['params that are not an object', { id: 4, cmd: 'subscribe', params: [1] }, 11, 4],
  ])('answers %s with error %i', (_what, command, expected, id) => {
    const out = session().handle(command);
    expect(code(out)).toBe(expected);
    expect((replies(out)[0] as { id?: number }).id).toBe(id);
  });

  it('data() consumes seq on sequenced channels only', () => {
    const s = session();
    s.handle({ id: 1, cmd: 'subscribe', params: { channels: ['trade', 'ticker'] } });
    const trade = s.byChannel.get('trade')!;
    const ticker = s.byChannel.get('ticker')!;
    const seqOf = (o: Outbound) => (JSON.parse(SimSession.text(o)) as { seq?: number }).seq;
    expect([seqOf(s.data(trade, 'trade', '{}')), seqOf(s.data(trade, 'trade', '{}'))]).toEqual([1, 2]);
    expect(seqOf(s.data(ticker, 'ticker', '{}'))).toBeUndefined();
  });
});
