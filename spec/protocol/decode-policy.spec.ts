import { describe, expect, it } from 'vitest';
import { decodeFrame, type Frame } from '../../lib/protocol/decode-frame.js';

// The decode policy (docs/decode-policy.md): strict where the client needs a value, tolerant
// everywhere else. Shapes below are the ones §11 of the reference lists as seen live or in
// recorded data; each row says what must come out.

const data = (frame: Frame) => {
  if (frame.kind === 'invalid') throw frame.error;
  if (frame.kind !== 'data') throw new Error(`expected data, got ${frame.kind}`);
  return frame.message as { type: string; seq?: number; msg: Record<string, unknown> };
};
const json = (o: unknown) => JSON.stringify(o);

describe('decode policy: tolerant where the client can do without a value', () => {
  it('reads price_dollars "" (a market before its first trade) as no value', () => {
    const m = data(decodeFrame(json({ type: 'ticker', sid: 1, msg: { market_ticker: 'M', price_dollars: '', yes_bid_dollars: '0.0100' } })));
    expect(m.msg['price_dollars']).toBeUndefined();
    expect(m.msg['yes_bid_dollars']).toBe(100);
  });

  it('reads an integer-cent ticker of older recordings into the newest fields', () => {
    const m = data(decodeFrame(json({ type: 'ticker', sid: 2, msg: { market_ticker: 'M', market_id: 'x', price: 48, yes_bid: 47, yes_ask: 49, volume: 1200, open_interest: 300, ts: 1_700_000_000 } })));
    expect(m.msg).toMatchObject({ price_dollars: 4800, yes_bid_dollars: 4700, yes_ask_dollars: 4900, volume_fp: 120_000, open_interest_fp: 30_000, price: 48 });
  });

  it('reads an integer-cent trade of older recordings, deriving the NO price exactly', () => {
    const m = data(decodeFrame(json({ type: 'trade', sid: 3, msg: { trade_id: 't', market_ticker: 'M', yes_price: 36, count: 5, taker_side: 'no', ts: 1_700_000_000 } })));
    expect(m.msg).toMatchObject({ yes_price_dollars: 3600, no_price_dollars: 6400, count_fp: 500 });
  });

  it('reads a trade without is_block_trade, taker sides or ts_ms, and checks its seq when present', () => {
    const m = data(decodeFrame(json({ type: 'trade', sid: 3, seq: 7, msg: { market_ticker: 'M', yes_price_dollars: '0.8000', count_fp: '2.00' } })));
    expect(m.seq).toBe(7);
    expect(m.msg).toMatchObject({ yes_price_dollars: 8000, no_price_dollars: 2000, count_fp: 200 });
    expect(m.msg['is_block_trade']).toBeUndefined();
  });

  it('reads a legacy integer orderbook delta into price_dollars and delta_fp', () => {
    const m = data(decodeFrame(json({ type: 'orderbook_delta', sid: 1, seq: 4, msg: { market_ticker: 'M', market_id: 'x', price: 96, delta: -54, side: 'yes' } })));
    expect(m.msg).toMatchObject({ price_dollars: 9600, delta_fp: -5400 });
  });

  it('reads event_lifecycle without exchange_index and lifecycle frames without seq', () => {
    data(decodeFrame(json({ type: 'event_lifecycle', sid: 5, msg: { event_ticker: 'E', title: 'T', subtitle: '', collateral_return_type: 'MECNET', series_ticker: 'S' } })));
    const m = data(decodeFrame(json({ type: 'market_lifecycle_v2', sid: 5, msg: { market_ticker: 'M', event_type: 'activated' } })));
    expect(m.seq).toBeUndefined();
  });

  it('keeps values of an enumeration Kalshi extends (user_order status "unknown", a new lifecycle event) and null times', () => {
    const o = data(decodeFrame(json({ type: 'user_order', sid: 6, msg: { order_id: 'o', ticker: 'M', status: 'unknown', side: 'yes', created_time: null, created_ts_ms: null, last_update_reason: 'HaltCancel' } })));
    expect(o.msg['status']).toBe('unknown');
    expect(o.msg['created_time']).toBeUndefined();
    const l = data(decodeFrame(json({ type: 'market_lifecycle_v2', sid: 5, seq: 1, msg: { market_ticker: 'M', event_type: 'brand_new_event' } })));
    expect(l.msg['event_type']).toBe('brand_new_event');
  });

  it('keeps unknown fields', () => {
    const m = data(decodeFrame(json({ type: 'ticker', sid: 1, brand_new_envelope: 1, msg: { market_ticker: 'M', brand_new: { a: [1] } } })));
    expect(m.msg['brand_new']).toEqual({ a: [1] });
    expect((m as unknown as Record<string, unknown>)['brand_new_envelope']).toBe(1);
  });

  it('reads dollar_volume / dollar_open_interest as numbers when present', () => {
    const m = data(decodeFrame(json({ type: 'ticker', sid: 1, msg: { market_ticker: 'M', dollar_volume: 1200, dollar_open_interest: 300 } })));
    expect(m.msg).toMatchObject({ dollar_volume: 1200, dollar_open_interest: 300 });
  });

  it('reads an error on a sid without id, carrying seq (a reply to get_snapshot on a trade sid)', () => {
    const f = decodeFrame('{"type":"error","sid":3,"seq":2,"msg":{"code":13,"msg":"Unsupported action"}}');
    expect(f).toMatchObject({ kind: 'reply', reply: { type: 'error', sid: 3, seq: 2, msg: { code: 13 } } });
  });
});

describe('decode policy: strict where the client needs a value', () => {
  it.each([
    ['a delta without a price in either shape', { type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'M', delta_fp: '1.00', side: 'yes' } }, 'msg.price_dollars'],
    ['a delta without seq', { type: 'orderbook_delta', sid: 1, msg: { market_ticker: 'M', price_dollars: '0.5', delta_fp: '1.00', side: 'yes' } }, 'seq'],
    ['a snapshot without market_ticker', { type: 'orderbook_snapshot', sid: 1, seq: 1, msg: {} }, 'msg.market_ticker'],
    ['a ticker without market_ticker', { type: 'ticker', sid: 1, msg: { price_dollars: '0.5' } }, 'msg.market_ticker'],
    ['a trade without a count', { type: 'trade', sid: 1, msg: { market_ticker: 'M', yes_price_dollars: '0.5' } }, 'msg.count_fp'],
    ['a fill without order_id', { type: 'fill', sid: 1, msg: { trade_id: 't', market_ticker: 'M', side: 'yes', yes_price_dollars: '0.5', count_fp: '1.00' } }, 'msg.order_id'],
    ['a data message without sid', { type: 'ticker', msg: { market_ticker: 'M' } }, 'sid'],
    ['a present price that is not a price', { type: 'ticker', sid: 1, msg: { market_ticker: 'M', yes_bid_dollars: '1.0001' } }, 'msg.yes_bid_dollars'],
    ['a 3-decimal count', { type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'M', price_dollars: '0.5', delta_fp: '1.001', side: 'yes' } }, 'msg.delta_fp'],
  ])('rejects %s, naming %s', (_what, frame, path) => {
    const f = decodeFrame(json(frame));
    expect(f.kind).toBe('invalid');
    if (f.kind === 'invalid') expect(f.error.issues.map((i) => i.path)).toContain(path);
  });
});
