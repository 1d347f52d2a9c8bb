// Edges of the decoder a user can run into: the boundaries of the short value descriptions in
// decode errors, array indexes of any length, `__proto__`
// keys refused, the envelope's own fields checked, binary frames in fragments, the market of an
// unknown message, the exact-value helpers at zero decimals and zero, and order-book frames the
// hot path must not take (whatever it takes has to be what the codec would give).
import { describe, expect, it } from 'vitest';
import { marketOf } from '../../lib/protocol/data-message.js';
import { decodeFrame, frameText } from '../../lib/protocol/decode-frame.js';
import { formatScaled, price } from '../../lib/protocol/fixed-point.js';

function issues(frame: object | string): { path: string; message: string }[] {
  const f = decodeFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (f.kind !== 'invalid') throw new Error(`expected invalid, got ${f.kind}`);
  return [...f.error.issues];
}
const ticker = (msg: object): object => ({ type: 'ticker', sid: 2, msg: { market_ticker: 'M', ...msg } });

describe('decode error descriptions at their bounds', () => {
  it('a string of exactly 40 characters is shown whole; 41 are cut', () => {
    expect(issues(ticker({ dollar_volume: 'v'.repeat(40) }))[0]?.message).toBe(`expected opt(number), got "${'v'.repeat(40)}"`);
    expect(issues(ticker({ dollar_volume: 'v'.repeat(41) }))[0]?.message).toBe(`expected opt(number), got "${'v'.repeat(40)}…"`);
  });

  it('a key of exactly 20 characters is shown whole; exactly three keys get no ellipsis', () => {
    const k = 'k'.repeat(20);
    expect(issues(ticker({ dollar_volume: { [k]: 1 } }))[0]?.message).toBe(`expected opt(number), got an object with "${k}"`);
    expect(issues(ticker({ dollar_volume: { a: 1, b: 2, c: 3 } }))[0]?.message).toBe('expected opt(number), got an object with "a", "b", "c"');
  });

  it('names array indexes of any length in brackets', () => {
    const levels = Array.from({ length: 12 }, () => ['0.5000', '1.00']);
    levels[11] = ['0.5000', 'x'];
    const found = issues({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'M', yes_dollars_fp: levels } });
    expect(found.map((i) => i.path)).toContain('msg.yes_dollars_fp[11][1]');
  });
});

describe('envelope', () => {
  it('sending_ts_ms is checked on sequenced and unsequenced messages', () => {
    expect(issues({ ...ticker({}), sending_ts_ms: 'x' }).map((i) => i.path)).toContain('sending_ts_ms');
    expect(issues({ type: 'market_position', sid: 1, seq: 1, sending_ts_ms: 'x', msg: { market_ticker: 'M' } }).map((i) => i.path)).toContain('sending_ts_ms');
    expect(issues({ type: 'orderbook_snapshot', sid: 1, seq: 1, sending_ts_ms: 'x', msg: { market_ticker: 'M' } }).map((i) => i.path)).toContain('sending_ts_ms');
  });

  it('a side that is neither yes nor no names Side; a book side that is neither bid nor ask names BookSide', () => {
    expect(issues({ type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'M', side: 'maybe', price_dollars: '0.5000', delta_fp: '1.00' } }))
      .toContainEqual({ path: 'msg.side', message: 'expected Side, got "maybe"' });
    expect(issues({ type: 'trade', sid: 1, msg: { market_ticker: 'M', yes_price_dollars: '0.5000', count_fp: '1.00', taker_book_side: 'mid' } }))
      .toContainEqual({ path: 'msg.taker_book_side', message: 'expected opt(BookSide), got "mid"' });
  });

  it('a "__proto__" key, in the frame or in msg, is refused', () => {
    const own = (text: string): string => issues(text)[0]?.message ?? '';
    expect(own('{"type":"ticker","sid":2,"__proto__":{"x":1},"msg":{"market_ticker":"M"}}')).toBe('a "__proto__" key is not allowed');
    expect(own('{"type":"ticker","sid":2,"msg":{"market_ticker":"M","__proto__":{"x":1}}}')).toBe('a "__proto__" key is not allowed');
  });
});

describe('frameText', () => {
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  it('joins fragments, also with a character split between two of them', () => {
    const bytes = utf8('{"a":"é"}');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(frameText([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe('{"a":"é"}');
  });

  it('an array that is not all byte views, or a cut character at the end, is not a frame', () => {
    expect(frameText([utf8('{"a":'), '1}'])).toBeUndefined();
    expect(frameText([utf8('{"a":'), utf8('1}').buffer])).toBeUndefined(); // an ArrayBuffer is not a fragment
    expect(frameText([utf8('{"a":"'), new Uint8Array([0xc3])])).toBeUndefined();
    expect(frameText(42)).toBeUndefined();
  });
});

describe('marketOf', () => {
  it('reads msg.market_ticker of an unknown message when there is one', () => {
    const unknown = (frame: object) => {
      const f = decodeFrame(JSON.stringify(frame));
      if (f.kind !== 'unknown') throw new Error(f.kind);
      return f.message;
    };
    expect(marketOf(unknown({ type: 'ticker_v9', sid: 1, msg: { market_ticker: 'M' } }))).toBe('M');
    expect(marketOf(unknown({ type: 'ticker_v9', sid: 1, msg: { market_ticker: 5 } }))).toBeUndefined();
    expect(marketOf(unknown({ type: 'ticker_v9', sid: 1, msg: null }))).toBeUndefined();
    expect(marketOf(unknown({ type: 'ticker_v9', sid: 1, msg: 'M' }))).toBeUndefined();
    expect(marketOf(unknown({ type: 'ticker_v9', sid: 1 }))).toBeUndefined();
  });
});

describe('exact values', () => {
  it('formatScaled with no decimals has no point; price("0") is zero', () => {
    expect(formatScaled(123, 0)).toBe('123');
    expect(formatScaled(-7, 0)).toBe('-7');
    expect(price('0')).toBe(0);
    expect(price('0.0000')).toBe(0);
  });

  it('a signed count that is not a number names SignedCountFromString', () => {
    expect(issues({ type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'M', side: 'yes', price_dollars: '0.5000', delta_fp: '1.2.3' } }))
      .toContainEqual({ path: 'msg.delta_fp', message: 'SignedCountFromString: "1.2.3" is not a valid SignedCountFromString' });
  });
});

describe('order-book frames the hot path must leave to the codec', () => {
  const delta = (msg: object): object => ({ type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'M', side: 'yes', price_dollars: '0.5000', delta_fp: '1.00', ...msg } });
  const snapshot = (msg: object): object => ({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'M', ...msg } });

  it.each([['ts_ms'], ['subaccount'], ['price'], ['delta']])('a delta with a string %s is a decode error there', (key) => {
    expect(issues(delta({ [key]: 'x' })).map((i) => i.path)).toContain(`msg.${key}`);
  });

  it('a delta with a string sending_ts_ms is a decode error', () => {
    expect(issues({ ...delta({}), sending_ts_ms: 'x' }).map((i) => i.path)).toContain('sending_ts_ms');
  });

  it.each([
    ['yes', 5], ['yes', [5]], ['yes', [[1]]], ['yes', [['1', 2]]], ['yes', [[1, '2']]], ['no', [[1, '2']]],
    ['yes_dollars', [[1, 2]]], ['yes_dollars', ['x']], ['no_dollars', [['0.5', '2']]],
    // An object that looks like a level to indexing (JSON can carry one): not an array, so not a level.
    ['yes', [{ 0: 1, 1: 2, length: 2 }]], ['no_dollars', [{ 0: '0.5', 1: 2, length: 2 }]],
  ])('a snapshot with legacy %s = %j is a decode error', (key, value) => {
    expect(issues(snapshot({ [key]: value })).map((i) => i.path).some((p) => p.startsWith(`msg.${key}`))).toBe(true);
  });

  it('legacy levels with extra components come out as [price, count] pairs, as the codec gives them', () => {
    const f = decodeFrame(JSON.stringify(snapshot({ yes: [[1, 2, 3]], no: [[4, 5, 6]], yes_dollars: [['0.01', 2, 'x']], no_dollars: [['0.04', 5, 'y']] })));
    expect(f.kind === 'data' && f.message.msg).toMatchObject({ yes: [[1, 2]], no: [[4, 5]], yes_dollars: [['0.01', 2]], no_dollars: [['0.04', 5]] });
  });
});
