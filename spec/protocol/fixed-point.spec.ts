import fc from 'fast-check';
import { propRuns } from '../helpers/prop-runs.js';
import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import {
  count, CountFromString, dollars, formatCount, formatDollarsCompact, formatPrice, formatScaled, parseScaled, price, PriceFromString, SignedCountFromString,
} from '../../lib/protocol/fixed-point.js';

describe('parseScaled', () => {
  it.each([
    ['0.5600', 4, 5600], ['0.56', 4, 5600], ['0.960', 4, 9600], ['1', 4, 10000], ['0.0001', 4, 1],
    ['146.00', 2, 14600], ['-54.00', 2, -5400], ['0.5', 2, 50], ['-0', 2, 0], ['33896.00', 2, 3389600],
  ])('parses %s with %i decimals as %i', (text, decimals, expected) => {
    expect(parseScaled(text, decimals)).toBe(expected);
  });

  it.each([['0.56001', 4], ['abc', 4], ['', 2], ['1e3', 2], ['0x10', 2], ['1.2.3', 2], [' 1.00', 2], ['99999999999999999.00', 2]])(
    'rejects %j with %i decimals', (text, decimals) => {
      expect(parseScaled(text, decimals)).toBeUndefined();
    },
  );
});

describe('formatScaled', () => {
  it('formats with exactly the given number of decimals', () => {
    expect(formatScaled(5600, 4)).toBe('0.5600');
    expect(formatScaled(1, 4)).toBe('0.0001');
    expect(formatScaled(-5400, 2)).toBe('-54.00');
    expect(formatScaled(0, 2)).toBe('0.00');
  });

  it('round-trips every safe scaled integer exactly', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 6 }), (n, d) => parseScaled(formatScaled(n, d), d) === n));
  });

  it('sums of parsed counts equal the decimal sum (no float drift)', () => {
    const tenth = count('0.10');
    let total = 0;
    for (let i = 0; i < 10; i++) total += tenth;
    expect(formatCount(total as typeof tenth)).toBe('1.00');
  });
});

describe('price / count / dollars', () => {
  it('brand exact values', () => {
    expect(price('0.56')).toBe(5600);
    expect(formatPrice(price('0.960'))).toBe('0.9600');
    expect(count('10')).toBe(1000);
    expect(dollars('0.010000')).toBe(10000);
  });

  it('throw a clear error on bad input', () => {
    expect(() => price('1.5')).toThrow(/not a Kalshi price/);
    expect(() => price('-0.1')).toThrow(/not a Kalshi price/);
    expect(() => count('1.001')).toThrow(/not a Kalshi count/);
  });
});

describe('PriceFromString / CountFromString', () => {
  it('decode and encode losslessly', () => {
    const d = PriceFromString.decode('0.5600');
    expect(isRight(d) && d.right).toBe(5600);
    expect(PriceFromString.encode(5600 as never)).toBe('0.5600');
    expect(isRight(CountFromString.decode('-1.00'))).toBe(false);
    expect(isRight(SignedCountFromString.decode('-1.00'))).toBe(true);
    expect(isRight(PriceFromString.decode(0.56))).toBe(false);
  });

  it('round-trip random prices and counts', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10000 }), (n) => {
      const s = PriceFromString.encode(n as never);
      const back = PriceFromString.decode(s);
      return isRight(back) && back.right === n;
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e11 }), (n) => {
      const back = CountFromString.decode(CountFromString.encode(n as never));
      return isRight(back) && back.right === n;
    }));
  });
});

describe('parseScaled against a BigInt reference', () => {
  const reference = (text: string, decimals: number): number | undefined => {
    const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
    if (m === null) return undefined;
    const frac = m[3] ?? '';
    if (frac.length > decimals) return undefined;
    const big = BigInt(m[2]! + frac.padEnd(decimals, '0'));
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    const n = Number(big);
    return m[1] === '-' && n !== 0 ? -n : n;
  };
  it('agrees on random decimal-ish strings', () => {
    const chars = fc.constantFrom('0', '1', '5', '9', '.', '-', 'e', ' ', '');
    const text = fc.oneof(
      fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
      fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.nat(7)).map(([neg, v, d]) => {
        const s = v.toString().padStart(d + 1, '0');
        return `${neg ? '-' : ''}${d === 0 ? s : `${s.slice(0, -d)}.${s.slice(-d)}`}`;
      }),
    );
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 6 }), (t, d) => parseScaled(t, d) === reference(t, d)), { numRuns: propRuns(5000) });
  });
});

describe('formatDollarsCompact', () => {
  it('uses 4 decimals when exact to 1/10,000 dollar, else 6', () => {
    expect(formatDollarsCompact(dollars('50'))).toBe('50.0000');
    expect(formatDollarsCompact(dollars('0.01'))).toBe('0.0100');
    expect(formatDollarsCompact(dollars('0.000123'))).toBe('0.000123');
    expect(formatDollarsCompact(dollars('-2.5'))).toBe('-2.5000');
  });
});
