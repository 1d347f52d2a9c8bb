/**
 * Exact fixed-point values of the Kalshi protocol.
 *
 * Kalshi sends prices as dollar strings with up to 4 decimals (`"0.5600"`, `"0.960"`),
 * contract counts as strings with 2 decimals (`"146.00"`, `"-54.00"`) and money amounts
 * as dollar strings with up to 6 decimals (`"0.010000"`). kalshi-rx decodes each into an
 * integer scaled by a fixed power of ten, branded so the three scales cannot be mixed up,
 * and formats them back losslessly. No float ever enters the arithmetic.
 *
 * @module
 */
import * as t from 'io-ts';

declare const priceBrand: unique symbol;
declare const countBrand: unique symbol;
declare const dollarsBrand: unique symbol;

/** A price in 1/10,000 dollar (`"0.5600"` is `5600`). Integer, 0 ≤ price ≤ 10,000. */
export type Price = number & { readonly [priceBrand]: 'Price' };
/** A contract count in 1/100 contract (`"146.00"` is `14600`). Integer, may be negative for deltas. */
export type Count = number & { readonly [countBrand]: 'Count' };
/** A money amount in 1/1,000,000 dollar (`"0.010000"` is `10000`). Integer, may be negative. */
export type Dollars = number & { readonly [dollarsBrand]: 'Dollars' };

/** Scale of {@link Price}: units per dollar. */
export const PRICE_SCALE = 10_000;
/** Scale of {@link Count}: units per contract. */
export const COUNT_SCALE = 100;
/** Scale of {@link Dollars}: units per dollar. */
export const DOLLARS_SCALE = 1_000_000;

/**
 * Parses a decimal string into an integer with `decimals` implied decimal places.
 * Returns `undefined` when the string is not a plain decimal (`-?digits(.digits*)?`), has more
 * decimals than allowed, or does not fit a safe integer. Hand-rolled (no regex, no allocation):
 * it runs for every price and count on the hot path.
 *
 * @example
 * parseScaled('0.56', 4) // 5600
 */
export function parseScaled(text: string, decimals: number): number | undefined {
  const n = text.length;
  let i = 0;
  let negative = false;
  if (n > 0 && text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let value = 0;
  let intDigits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    intDigits++;
  }
  if (intDigits === 0) return undefined;
  let fracDigits = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      if (++fracDigits > decimals) return undefined;
      value = value * 10 + c;
    }
  }
  for (; fracDigits < decimals; fracDigits++) value *= 10;
  if (!Number.isSafeInteger(value)) return undefined;
  return negative && value !== 0 ? -value : value;
}

/**
 * Formats an integer with `decimals` implied decimal places, always with exactly
 * `decimals` digits after the point.
 *
 * @example
 * formatScaled(5600, 4) // '0.5600'
 */
export function formatScaled(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const cut = digits.length - decimals;
  const body = decimals === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${body}` : body;
}

/** Parses a dollar price string (up to 4 decimals, 0 to 1) into a {@link Price}; throws on bad input. @example price('0.56') // 5600 */
export function price(text: string): Price {
  const v = parseScaled(text, 4);
  if (v === undefined || v < 0 || v > PRICE_SCALE) throw new RangeError(`not a Kalshi price (dollars, 0 to 1, up to 4 decimals): ${JSON.stringify(text)}`);
  return v as Price;
}

/** Parses a count string (up to 2 decimals, signed) into a {@link Count}; throws on bad input. @example count('-54.00') // -5400 */
export function count(text: string): Count {
  const v = parseScaled(text, 2);
  if (v === undefined) throw new RangeError(`not a Kalshi count (up to 2 decimals): ${JSON.stringify(text)}`);
  return v as Count;
}

/** Parses a dollar amount string (up to 6 decimals, signed) into {@link Dollars}; throws on bad input. */
export function dollars(text: string): Dollars {
  const v = parseScaled(text, 6);
  if (v === undefined) throw new RangeError(`not a dollar amount (up to 6 decimals): ${JSON.stringify(text)}`);
  return v as Dollars;
}

/** Formats a {@link Price} as Kalshi does, with 4 decimals. @example formatPrice(price('0.56')) // '0.5600' */
export const formatPrice = (p: Price): string => formatScaled(p, 4);
/** Formats a {@link Count} as Kalshi does, with 2 decimals. @example formatCount(count('10')) // '10.00' */
export const formatCount = (c: Count): string => formatScaled(c, 2);
/** Formats {@link Dollars} with 6 decimals. */
export const formatDollars = (d: Dollars): string => formatScaled(d, 6);
/** Formats {@link Dollars} as Kalshi shows costs: 4 decimals when exact to 1/10,000 dollar, else 6. @example formatDollarsCompact(dollars('50')) // '50.0000' */
export const formatDollarsCompact = (d: Dollars): string => (d % 100 === 0 ? formatScaled(d / 100, 4) : formatScaled(d, 6));

function scaledCodec<A extends number>(
  name: string,
  decimals: number,
  check: (n: number) => boolean,
  format: (a: A) => string,
): t.Type<A, string, unknown> {
  return new t.Type<A, string, unknown>(
    name,
    (u): u is A => typeof u === 'number' && Number.isSafeInteger(u) && check(u),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, `${name}: expected a decimal string`);
      const v = parseScaled(u, decimals);
      if (v === undefined || !check(v)) return t.failure(u, c, `${name}: ${JSON.stringify(u)} is not a valid ${name}`);
      return t.success(v as A);
    },
    format,
  );
}

/** io-ts codec: dollar price string ⇄ {@link Price}. */
export const PriceFromString = scaledCodec<Price>('PriceFromString', 4, (n) => n >= 0 && n <= PRICE_SCALE, formatPrice);
/** io-ts codec: non-negative count string ⇄ {@link Count}. */
export const CountFromString = scaledCodec<Count>('CountFromString', 2, (n) => n >= 0, formatCount);
/** io-ts codec: signed count string (deltas, positions) ⇄ {@link Count}. */
export const SignedCountFromString = scaledCodec<Count>('SignedCountFromString', 2, () => true, formatCount);
/** io-ts codec: dollar amount string (fees, costs, P&L) ⇄ {@link Dollars}. */
export const DollarsFromString = scaledCodec<Dollars>('DollarsFromString', 6, () => true, formatDollars);
