// Decode errors as a user sees them (in events() as `decode-error`, in diagnostics$): the
// message names the frame's type, sid and the failing path with a short description of what
// came instead, never more than five issues, and the frame itself cut at 200 characters.
import { describe, expect, it } from 'vitest';
import { KalshiDecodeError } from '../../lib/protocol/decode-error.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';

function error(text: string): KalshiDecodeError {
  const f = decodeFrame(text);
  if (f.kind !== 'invalid') throw new Error(`expected invalid, got ${f.kind}`);
  return f.error;
}
const ticker = (value: string, sid = '2'): string => `{"type":"ticker","sid":${sid},"msg":{"market_ticker":${value}}}`;

describe('decode errors', () => {
  it('name the type, the sid and the path, and describe what came instead', () => {
    const e = error(ticker('7', '4'));
    expect(e).toBeInstanceOf(KalshiDecodeError);
    expect(e.name).toBe('KalshiDecodeError');
    expect(e.message).toBe('invalid Kalshi frame ticker (sid 4): msg.market_ticker: expected string, got 7');
    expect([e.reason, e.type, e.sid]).toEqual(['decode', 'ticker', 4]);
    expect(e.issues).toEqual([{ path: 'msg.market_ticker', message: 'expected string, got 7' }]);
    expect(e.frame).toBe(ticker('7', '4'));
  });

  it.each([
    ['[1,2,3]', 'an array of 3'],
    ['{"a":1,"b":2,"c":3,"d":4}', 'an object with "a", "b", "c", …'],
    ['{"a":1,"b":2}', 'an object with "a", "b"'],
    ['{}', 'an empty object'],
    ['true', 'true'],
    ['null', 'null'],
    [`{"${'k'.repeat(25)}":1}`, `an object with "${'k'.repeat(20)}…"`],
  ])('describe %s as %s', (value, shown) => {
    expect(error(ticker(value)).issues).toEqual([{ path: 'msg.market_ticker', message: `expected string, got ${shown}` }]);
  });

  it('cut a long string value at 40 characters', () => {
    const e = error(`{"type":"ticker","sid":2,"msg":{"market_ticker":"X","dollar_volume":"${'v'.repeat(60)}"}}`);
    expect(e.issues).toEqual([{ path: 'msg.dollar_volume', message: `expected opt(number), got "${'v'.repeat(40)}…"` }]);
    const short = error('{"type":"ticker","sid":2,"msg":{"market_ticker":"X","dollar_volume":"vvv"}}');
    expect(short.issues).toEqual([{ path: 'msg.dollar_volume', message: 'expected opt(number), got "vvv"' }]);
  });

  it('say "missing required" for an absent field, and leave out the sid when there is none', () => {
    const e = error('{"type":"ticker","msg":{}}');
    expect(e.message).toBe('invalid Kalshi frame ticker: sid: missing required number; msg.market_ticker: missing required string');
    expect(e.sid).toBeUndefined();
  });

  it('list at most five issues, with array indices in the path', () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f'].map((p, i) => `["${p}","${i}"]`).join(',');
    const e = error(`{"type":"orderbook_snapshot","sid":2,"seq":1,"msg":{"market_ticker":"M","yes_dollars_fp":[${levels}]}}`);
    expect(e.issues.map((i) => i.path)).toEqual(['[0][0]', '[1][0]', '[2][0]', '[3][0]', '[4][0]'].map((p) => `msg.yes_dollars_fp${p}`));
  });

  it('report each failing path once', () => {
    const e = error('{"type":"fill","sid":2,"msg":{}}');
    expect(e.issues.map((i) => i.path)).toEqual(['msg.trade_id', 'msg.order_id', 'msg.market_ticker', 'msg.side']);
    expect(new Set(e.issues.map((i) => i.path)).size).toBe(e.issues.length);
  });

  it('parse failures: not JSON, not an object, no type', () => {
    expect(error('nope')).toMatchObject({ reason: 'parse', type: undefined, sid: undefined });
    expect(error('nope').message).toMatch(/^invalid Kalshi frame: not JSON \(/);
    expect(error('[1]').message).toBe('invalid Kalshi frame: frame is not a JSON object');
    expect(error('{"sid":3}')).toMatchObject({ reason: 'decode', sid: 3, message: 'invalid Kalshi frame: type: missing or not a string' });
    expect(error('{"type":"ticker","sid":1.5,"msg":{"market_ticker":1}}').sid).toBeUndefined();
  });

  it('keep at most 200 characters of the frame', () => {
    const text = ticker(`"${'x'.repeat(10)}", "dollar_volume": "${'y'.repeat(300)}"`);
    const e = error(text);
    expect(e.frame).toBe(`${text.slice(0, 200)}…`);
    const head = '{"type":"ticker","sid":2,"msg":{"market_ticker":1,"pad":"';
    const exact = `${head}${'p'.repeat(200 - head.length - 3)}"}}`;
    expect(exact).toHaveLength(200);
    expect(error(exact).frame).toBe(exact);
  });
});
