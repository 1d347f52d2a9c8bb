// Older recordings carry integer cents and whole contracts; a user reading them gets the
// newest exact fields filled in, and a message with no price or count at all is a decode
// error naming the missing field.
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';

function msg(type: string, body: object, extra: object = {}): Record<string, unknown> {
  const f = decodeFrame(JSON.stringify({ type, sid: 3, ...extra, msg: body }));
  if (f.kind !== 'data') throw new Error(f.kind === 'invalid' ? f.error.message : f.kind);
  const msg: object = f.message.msg;
  return msg as Record<string, unknown>;
}
function failure(type: string, body: object, extra: object = {}): string {
  const f = decodeFrame(JSON.stringify({ type, sid: 3, ...extra, msg: body }));
  if (f.kind !== 'invalid') throw new Error(`expected invalid, got ${f.kind}`);
  return f.error.message;
}

describe('trade', () => {
  it('fills yes, no and count from cents and contracts', () => {
    expect(msg('trade', { market_ticker: 'M', yes_price: 56, count: 3 })).toMatchObject({ yes_price_dollars: 5600, no_price_dollars: 4400, count_fp: 300 });
    expect(msg('trade', { market_ticker: 'M', no_price: 30, count: 1 })).toMatchObject({ yes_price_dollars: 7000, no_price_dollars: 3000 });
    expect(msg('trade', { market_ticker: 'M', no_price_dollars: '0.2500', count_fp: '2.00' })).toMatchObject({ yes_price_dollars: 7500, no_price_dollars: 2500, count_fp: 200 });
    expect(msg('trade', { market_ticker: 'M', yes_price_dollars: '0.6000', no_price: 41, count_fp: '1.00' })).toMatchObject({ yes_price_dollars: 6000, no_price_dollars: 4100 });
  });

  it('prefers the newest fields when both are present', () => {
    expect(msg('trade', { market_ticker: 'M', yes_price_dollars: '0.5612', yes_price: 10, count_fp: '1.50', count: 9 })).toMatchObject({ yes_price_dollars: 5612, no_price_dollars: 4388, count_fp: 150 });
  });

  it('without a price or a count: a decode error naming it', () => {
    expect(failure('trade', { market_ticker: 'M', count: 1 })).toBe('invalid Kalshi frame trade (sid 3): msg.yes_price_dollars: missing required yes_price_dollars');
    expect(failure('trade', { market_ticker: 'M', yes_price: 50 })).toBe('invalid Kalshi frame trade (sid 3): msg.count_fp: missing required count_fp');
    expect(failure('trade', { market_ticker: 'M', yes_price: 101, count: 1 })).toMatch(/missing required yes_price_dollars/);
  });
});

describe('fill', () => {
  const base = { trade_id: 't', order_id: 'o', market_ticker: 'M', side: 'yes' };
  it('fills the YES price and the count from cents and contracts', () => {
    expect(msg('fill', { ...base, yes_price: 7, count: 2 })).toMatchObject({ yes_price_dollars: 700, count_fp: 200 });
    expect(msg('fill', { ...base, yes_price_dollars: '0.0700', count: 2, action: 'something_new' })).toMatchObject({ yes_price_dollars: 700, count_fp: 200, action: 'something_new' });
  });

  it('without a price or a count: a decode error naming it', () => {
    expect(failure('fill', { ...base, count: 2 })).toMatch(/msg.yes_price_dollars: missing required yes_price_dollars$/);
    expect(failure('fill', { ...base, yes_price: 7 })).toMatch(/msg.count_fp: missing required count_fp$/);
  });
});

describe('ticker', () => {
  it('fills the newest fields from the integer ones, and "" means absent', () => {
    expect(msg('ticker', { market_ticker: 'M', price: 48, yes_bid: 45, yes_ask: 53, volume: 10, open_interest: 4 }))
      .toMatchObject({ price_dollars: 4800, yes_bid_dollars: 4500, yes_ask_dollars: 5300, volume_fp: 1000, open_interest_fp: 400 });
    const fresh = msg('ticker', { market_ticker: 'M', price_dollars: '', yes_bid_dollars: '0.4500', price: 1 });
    expect(fresh['yes_bid_dollars']).toBe(4500);
    expect(fresh['price_dollars']).toBe(100);
    expect(msg('ticker', { market_ticker: 'M' })['price_dollars']).toBeUndefined();
  });
});

describe('orderbook_delta', () => {
  it('fills price and signed count from cents and contracts; without them a decode error', () => {
    expect(msg('orderbook_delta', { market_ticker: 'M', side: 'no', price: 54, delta: -3 }, { seq: 2 })).toMatchObject({ price_dollars: 5400, delta_fp: -300 });
    expect(failure('orderbook_delta', { market_ticker: 'M', side: 'no', delta: -3 }, { seq: 2 })).toMatch(/missing required price_dollars/);
    expect(failure('orderbook_delta', { market_ticker: 'M', side: 'no', price: 54, delta: 1.5 }, { seq: 2 })).toMatch(/missing required delta_fp/);
    expect(failure('orderbook_delta', { market_ticker: 'M', side: 'no', price: 54 }, { seq: 2 })).toMatch(/missing required delta_fp/);
  });
});
