/**
 * Building blocks of the decode policy (docs/decode-policy.md): strict where the client needs a
 * value, tolerant everywhere else.
 *
 * - {@link opt}: an optional field; absent and `null` mean "no value". {@link optValue}: the same
 *   for fixed-point values, where `""` means "no value" too (the live feed sends
 *   `price_dollars: ""` before a market's first trade). A present value must still decode.
 * - {@link openEnum}: a string field with known values that Kalshi may extend (`status:
 *   "unknown"` appeared in 2026): known values are typed, any other string is kept.
 * - {@link normalized}: a codec whose output is completed after decoding (older integer-cent
 *   shapes filled into the newest fields), so consumers read one shape.
 *
 * Unknown fields are always kept: `t.type` / `t.partial` pass them through.
 *
 * @module
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';

/**
 * An optional field: `undefined` and `null` decode as `undefined`; anything else must decode
 * with `codec`.
 *
 * @example
 * import * as t from 'io-ts';
 * t.partial({ ts_ms: opt(t.number) }).decode({ ts_ms: null }) // right({ ts_ms: undefined })
 */
export function opt<A, O>(codec: t.Type<A, O, unknown>): t.Type<A | undefined, O | undefined, unknown> {
  return optional(codec, false);
}

/**
 * An optional fixed-point value: like {@link opt}, and `""` is "no value" too (the live feed
 * sends `price_dollars: ""` before a market's first trade).
 *
 * @example
 * import * as t from 'io-ts';
 * t.partial({ price_dollars: optValue(PriceFromString) }).decode({ price_dollars: '' }) // right({ price_dollars: undefined })
 */
export function optValue<A, O>(codec: t.Type<A, O, unknown>): t.Type<A | undefined, O | undefined, unknown> {
  return optional(codec, true);
}

function optional<A, O>(codec: t.Type<A, O, unknown>, emptyIsNone: boolean): t.Type<A | undefined, O | undefined, unknown> {
  return new t.Type<A | undefined, O | undefined, unknown>(
    `${emptyIsNone ? 'optValue' : 'opt'}(${codec.name})`,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (u === undefined || u === null || (emptyIsNone && u === '') ? t.success(undefined) : codec.validate(u, c)),
    (a) => (a === undefined ? undefined : codec.encode(a)),
  );
}

/** A string with known values that may grow: known ones are typed, unknown strings are kept. */
export type OpenEnum<K extends string> = K | (string & {});

/**
 * A string field whose known values are `keys`; any other string decodes too (typed as
 * `string & {}` so the known ones still autocomplete).
 *
 * @example
 * openEnum('OrderStatus', ['resting', 'canceled', 'executed']).decode('unknown') // right('unknown')
 */
export function openEnum<K extends string>(name: string, keys: readonly K[]): t.Type<OpenEnum<K>, string, unknown> {
  void keys; // documents the known values; every string is accepted
  return new t.Type<OpenEnum<K>, string, unknown>(
    name,
    (u): u is OpenEnum<K> => typeof u === 'string',
    (u, c) => (typeof u === 'string' ? t.success(u as OpenEnum<K>) : t.failure(u, c, `${name}: expected a string`)),
    (a) => a,
  );
}

/** What {@link normalized}'s `complete` returns when a required value is in neither shape. */
export class MissingField {
  constructor(readonly field: string) {}
}

/**
 * `base` followed by `complete`, which fills the newest fields from older ones and may still
 * reject: a trade with neither `yes_price_dollars` nor `yes_price` has no price, so `complete`
 * returns `new MissingField('yes_price_dollars')`.
 */
export function normalized<C extends t.Mixed, A>(
  name: string,
  base: C,
  complete: (decoded: t.TypeOf<C>) => A | MissingField,
): t.Type<A, t.OutputOf<C>, unknown> {
  return new t.Type<A, t.OutputOf<C>, unknown>(
    name,
    (u): u is A => base.is(u),
    (u, c) => {
      // An empty key keeps the path readable (`msg.price_dollars`, not `msg[0].price_dollars`).
      const r = base.validate(u, t.appendContext(c, '', base, u));
      if (isLeft(r)) return r;
      const done = complete(r.right as t.TypeOf<C>);
      if (done instanceof MissingField) {
        return t.failure(undefined, [...c, { key: done.field, type: base, actual: undefined }], `missing required ${done.field}`);
      }
      return t.success(done);
    },
    (a) => base.encode(a) as t.OutputOf<C>,
  );
}

/** Integer cents (older shapes) → the {@link Price} scale (1/10,000 $), or `undefined`. */
export function centsToPrice(cents: number | undefined): number | undefined {
  return cents !== undefined && Number.isInteger(cents) && cents >= 0 && cents <= 100 ? cents * 100 : undefined;
}

/** Whole contracts (older shapes) → the {@link Count} scale (1/100 contract), or `undefined`. */
export function contractsToCount(n: number | undefined): number | undefined {
  return n !== undefined && Number.isSafeInteger(n * 100) ? n * 100 : undefined;
}
