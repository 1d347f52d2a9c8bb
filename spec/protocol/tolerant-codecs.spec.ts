// The tolerant codec helpers as a user of the exported codecs meets them: `is`, `decode` and
// `encode` agree, empty values count as absent where the live feed sends them, and legacy
// integer-cent / whole-contract fields convert only when they are exact.
import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { centsToPrice, contractsToCount, MissingField, normalized, openEnum, opt, optValue } from '../../lib/protocol/tolerant.js';

const decoded = (codec: t.Decoder<unknown, unknown>, u: unknown): unknown => {
  const r = codec.decode(u);
  return isRight(r) ? { ok: r.right } : { error: r.left.map((e) => e.message ?? e.context.at(-1)?.type.name) };
};

describe('opt and optValue', () => {
  it('treat undefined and null as absent; optValue also the empty string', () => {
    expect(opt(t.string).name).toBe('opt(string)');
    expect(optValue(t.string).name).toBe('optValue(string)');
    expect(decoded(opt(t.number), null)).toEqual({ ok: undefined });
    expect(decoded(opt(t.number), undefined)).toEqual({ ok: undefined });
    expect(decoded(opt(t.string), '')).toEqual({ ok: '' });
    expect(decoded(optValue(t.string), '')).toEqual({ ok: undefined });
    expect(decoded(optValue(t.number), 3)).toEqual({ ok: 3 });
    expect(decoded(opt(t.number), 'x')).toEqual({ error: ['opt(number)'] });
  });

  it('is() and encode() follow the inner codec', () => {
    const o = opt(t.number);
    expect([o.is(undefined), o.is(2), o.is('2')]).toEqual([true, true, false]);
    expect([o.encode(undefined), o.encode(2)]).toEqual([undefined, 2]);
  });
});

describe('openEnum', () => {
  it('accepts any string (new values from a newer server) and rejects other types by name', () => {
    const Side = openEnum('Side', ['yes', 'no'] as const);
    expect(decoded(Side, 'maybe')).toEqual({ ok: 'maybe' });
    expect(decoded(Side, 1)).toEqual({ error: ['Side: expected a string'] });
    expect([Side.is('x'), Side.is(1)]).toEqual([true, false]);
    expect(Side.encode('yes')).toBe('yes');
  });
});

describe('normalized', () => {
  const Body = normalized('Body', t.type({ a: t.number, b: opt(t.number) }), (m) => (m.b === undefined ? new MissingField('b') : { a: m.a, b: m.b, sum: m.a + m.b }));

  it('completes a decoded value, or fails naming the missing field', () => {
    expect(decoded(Body, { a: 1, b: 2 })).toEqual({ ok: { a: 1, b: 2, sum: 3 } });
    expect(decoded(Body, { a: 1 })).toEqual({ error: ['missing required b'] });
    expect(decoded(Body, { a: 'x', b: 2 })).toEqual({ error: ['number'] });
    expect(Body.name).toBe('Body');
    expect([Body.is({ a: 1, b: 2 }), Body.is({ a: 'x' })]).toEqual([true, false]);
    expect(Body.encode({ a: 1, b: 2, sum: 3 } as never)).toEqual({ a: 1, b: 2, sum: 3 });
  });
});

describe('legacy integer fields', () => {
  it('centsToPrice: whole cents 0..100 only', () => {
    expect([0, 1, 56, 100].map(centsToPrice)).toEqual([0, 100, 5600, 10_000]);
    expect([-1, 101, 1.5, undefined, Number.NaN].map(centsToPrice)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('contractsToCount: exact in hundredths or nothing', () => {
    expect([0, 3, -2, 1.5].map(contractsToCount)).toEqual([0, 300, -200, 150]);
    expect([undefined, 1e300, 0.001].map(contractsToCount)).toEqual([undefined, undefined, undefined]);
  });
});
