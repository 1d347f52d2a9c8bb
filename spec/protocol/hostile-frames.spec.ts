import fc from 'fast-check';
import { propRuns } from '../helpers/prop-runs.js';
import { describe, expect, it } from 'vitest';
import { decodeFrame, frameText } from '../../lib/protocol/decode-frame.js';

const delta = (msg: Record<string, unknown>, env: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'orderbook_delta', sid: 1, seq: 2, ...env, msg: { market_ticker: 'M', price_dollars: '0.5000', delta_fp: '1.00', side: 'yes', ...msg } });
const nested = (depth: number) => `{"type":"ticker","sid":1,"msg":{"market_ticker":"M","deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
const nestedBad = (depth: number) => `{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"M","yes_dollars_fp":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

/** Frames a hostile or broken peer could send. Each must come back as a value, never a throw. */
const hostile: [string, string][] = [
  ['truncated JSON', '{"type":"orderbook_delta","sid":1,"se'],
  ['a JSON number', '42'],
  ['JSON null', 'null'],
  ['a JSON string', '"ticker"'],
  ['an empty frame', ''],
  ['__proto__ as type', '{"type":"__proto__","sid":1}'],
  ['constructor as type', '{"type":"constructor","sid":1,"msg":{}}'],
  ['toString as type', '{"type":"toString","sid":1}'],
  ['hasOwnProperty as type', '{"type":"hasOwnProperty","sid":1}'],
  ['__proto__ as a key of the envelope', '{"type":"ticker","sid":1,"__proto__":null,"msg":{"market_ticker":"M"}}'],
  ['__proto__ as a key of msg', '{"type":"ticker","sid":1,"msg":{"__proto__":{"unknown":true},"market_ticker":"M"}}'],
  ['__proto__ as a key of an error reply', '{"type":"error","__proto__":null,"msg":{"code":1,"msg":"x"}}'],
  ['constructor and toString as keys', '{"type":"ticker","sid":1,"constructor":1,"toString":2,"msg":{"market_ticker":"M","hasOwnProperty":3}}'],
  ['__proto__ as a market ticker', delta({ market_ticker: '__proto__' })],
  ['constructor as a market ticker', delta({ market_ticker: 'constructor' })],
  ['nesting 100 deep', nested(100)],
  ['nesting 100,000 deep (unknown field)', nested(100_000)],
  ['nesting 100,000 deep (where a ladder belongs)', nestedBad(100_000)],
  ['a 5 MB frame', `{"type":"ticker","sid":1,"msg":{"market_ticker":"M","pad":"${'x'.repeat(5 * 1024 * 1024)}"}}`],
  ['NaN-like price', delta({ price_dollars: 'NaN' })],
  ['Infinity price', delta({ price_dollars: 'Infinity' })],
  ['negative price', delta({ price_dollars: '-0.0100' })],
  ['over-$1 price', delta({ price_dollars: '1.0100' })],
  ['5-decimal price', delta({ price_dollars: '0.50001' })],
  ['3-decimal count', delta({ delta_fp: '1.001' })],
  ['seq 1e300', delta({}, { seq: 1e300 })],
  ['seq 1e400 (Infinity after parse)', delta({}).replace('"seq":2', '"seq":1e400')],
  ['seq 2**53+2', delta({}, { seq: 2 ** 53 + 2 })],
  ['seq -1', delta({}, { seq: -1 })],
  ['seq 0', delta({}, { seq: 0 })],
  ['seq 2.5', delta({}, { seq: 2.5 })],
  ['seq as a string', delta({}, { seq: '3' })],
  ['a negative sid', delta({}, { sid: -4 })],
  ['an unknown sid', delta({}, { sid: 987_654 })],
  ['a lone surrogate in a ticker', delta({ market_ticker: '\ud800' })],
  ['odd unicode in a ticker', delta({ market_ticker: 'М\u202e\u0000😀' })],
  ['a deeply nested error message', `{"type":"error","id":1,"msg":{"code":${'['.repeat(50_000)}${']'.repeat(50_000)},"msg":"x"}}`],
];

describe('decodeFrame on hostile input', () => {
  it.each(hostile)('returns a value for %s', (_what, text) => {
    let frame: ReturnType<typeof decodeFrame> | undefined;
    expect(() => { frame = decodeFrame(text); }).not.toThrow();
    expect(frame).toBeDefined();
    if (frame?.kind === 'invalid') {
      expect(frame.error.frame.length).toBeLessThanOrEqual(201);
      expect(frame.error.message.length).toBeLessThan(1000);
    }
  });

  it('never lets a hostile __proto__ become the prototype of a decoded message', () => {
    const f = decodeFrame('{"type":"ticker","sid":1,"msg":{"__proto__":{"unknown":true},"market_ticker":"M"}}');
    expect(f.kind).toBe('invalid');
    const g = decodeFrame(delta({ market_ticker: '__proto__' }));
    expect(g.kind).toBe('data');
    if (g.kind === 'data') expect(Object.getPrototypeOf(g.message)).toBe(Object.prototype);
  });

  it('reports a type that names an Object.prototype member as unknown, not as a codec', () => {
    for (const type of ['__proto__', 'constructor', 'toString', 'valueOf']) {
      expect(decodeFrame(JSON.stringify({ type, sid: 1 })).kind).toBe('unknown');
    }
  });

  it('never throws on random text, random JSON and random mutations of a valid delta (seed 1207)', () => {
    const valid = JSON.parse(delta({})) as Record<string, unknown>;
    const keys = fc.constantFrom('type', 'sid', 'seq', 'msg', '__proto__', 'constructor', 'toString');
    const mutated = fc.tuple(keys, fc.jsonValue()).map(([k, v]) => JSON.stringify({ ...valid, [k]: v }).replace('"__proto__"', '"__proto__"'));
    const msgMutated = fc.tuple(fc.constantFrom('market_ticker', 'price_dollars', 'delta_fp', 'side', '__proto__'), fc.jsonValue())
      .map(([k, v]) => `{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"${k}":${JSON.stringify(v)},"market_ticker":"M","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}`);
    const arb = fc.oneof(fc.string(), fc.json(), mutated, msgMutated, fc.string({ unit: 'binary' }));
    fc.assert(fc.property(arb, (text) => {
      const f = decodeFrame(text);
      expect(['data', 'reply', 'unknown', 'invalid']).toContain(f.kind);
    }), { numRuns: propRuns(5_000), seed: 1207 });
  });
});

describe('frameText', () => {
  it('reads JSON in a binary frame like a text frame', () => {
    const text = '{"type":"subscribed","id":1,"msg":{"channel":"ticker","sid":2}}';
    expect(frameText(new TextEncoder().encode(text).buffer)).toBe(text);
    expect(frameText(Buffer.from(text))).toBe(text);
    expect(frameText([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))])).toBe(text);
  });

  it('returns undefined for bytes that are not UTF-8, and for values that are not frames', () => {
    expect(frameText(new Uint8Array([0xff, 0xfe, 0x00]))).toBeUndefined();
    expect(frameText(42)).toBeUndefined();
    expect(frameText(undefined)).toBeUndefined();
  });
});
