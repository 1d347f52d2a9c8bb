// The exact-value codecs at their edges, as a user decoding or checking values meets them.
import { isRight } from 'fp-ts/lib/Either.js';
import type { Decoder } from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  count, CountFromString, dollars, DollarsFromString, formatDollarsCompact, parseScaled, price, PriceFromString, SignedCountFromString, type Dollars,
} from '../../lib/protocol/fixed-point.js';

const decode = (codec: Decoder<unknown, number>, u: unknown): number | string => {
  const r = codec.decode(u);
  return isRight(r) ? r.right : r.left.map((e) => e.message).join('; ');
};

describe('scaled codecs at their edges', () => {
  it('prices: 0 to 1 inclusive, four decimals at most', () => {
    expect(['0', '0.0000', '1', '1.0000', '0.0001', '0.9999'].map((s) => decode(PriceFromString, s))).toEqual([0, 0, 10_000, 10_000, 1, 9999]);
    expect(decode(PriceFromString, '1.0001')).toBe('PriceFromString: "1.0001" is not a valid PriceFromString');
    expect(decode(PriceFromString, '-0.0001')).toBe('PriceFromString: "-0.0001" is not a valid PriceFromString');
    expect(decode(PriceFromString, '0.00001')).toBe('PriceFromString: "0.00001" is not a valid PriceFromString');
    expect(decode(PriceFromString, 0.5)).toBe('PriceFromString: expected a decimal string');
  });

  it('counts: not negative; signed counts and dollars: any sign', () => {
    expect(decode(CountFromString, '0.00')).toBe(0);
    expect(decode(CountFromString, '-0.01')).toBe('CountFromString: "-0.01" is not a valid CountFromString');
    expect(decode(SignedCountFromString, '-0.01')).toBe(-1);
    expect(decode(SignedCountFromString, '-0')).toBe(0);
    expect(decode(DollarsFromString, '-1.000001')).toBe(-1_000_001);
    expect(decode(DollarsFromString, '1.0000001')).toBe('DollarsFromString: "1.0000001" is not a valid DollarsFromString');
  });

  it('is() accepts only safe integers the codec could have produced; encode formats exactly', () => {
    expect([PriceFromString.is(0), PriceFromString.is(10_000), PriceFromString.is(10_001), PriceFromString.is(-1), PriceFromString.is(0.5), PriceFromString.is('0.5')]).toEqual([true, true, false, false, false, false]);
    expect([CountFromString.is(0), CountFromString.is(-1), SignedCountFromString.is(-1), SignedCountFromString.is(2 ** 60)]).toEqual([true, false, true, false]);
    expect([PriceFromString.encode(5600 as never), CountFromString.encode(14_600 as never), SignedCountFromString.encode(-150 as never), DollarsFromString.encode(1_500_000 as never)])
      .toEqual(['0.5600', '146.00', '-1.50', '1.500000']);
  });

  it('parseScaled rejects what is not a plain decimal', () => {
    for (const s of ['', '-', '.5', '1.2.3', '1e3', ' 1', '1 ', '+1', '0x10', '１']) expect(parseScaled(s, 4), JSON.stringify(s)).toBeUndefined();
    expect(parseScaled('1.5', 0)).toBeUndefined();
    expect(parseScaled('12', 0)).toBe(12);
    expect(parseScaled('9007199254740991', 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseScaled('9007199254740992', 0)).toBeUndefined();
    expect(parseScaled('-0.00', 2)).toBe(0);
    expect(Object.is(parseScaled('-0.00', 2), -0)).toBe(false);
  });

  it('the parse helpers say what they expected', () => {
    expect(() => price('1.5')).toThrow('not a Kalshi price (dollars, 0 to 1, up to 4 decimals): "1.5"');
    expect(() => price('-0.1')).toThrow(RangeError);
    expect(price('1')).toBe(10_000);
    expect(() => count('1.001')).toThrow('not a Kalshi count (up to 2 decimals): "1.001"');
    expect(() => dollars('x')).toThrow('not a dollar amount (up to 6 decimals): "x"');
    expect(formatDollarsCompact(1_230_000 as Dollars)).toBe('1.2300');
    expect(formatDollarsCompact(1_230_001 as Dollars)).toBe('1.230001');
  });
});
