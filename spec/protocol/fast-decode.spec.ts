import fc from 'fast-check';
import type * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { propRuns } from '../helpers/prop-runs.js';
import { describe, expect, it } from 'vitest';
import { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { fastOrderbookDelta, fastOrderbookSnapshot } from '../../lib/protocol/fast-decode.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// Values that are sometimes right and often subtly wrong.
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
const priceish = mostly(
  fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 10_000).toFixed(4)),
  fc.oneof(fc.constantFrom('0.56', '0.960', '1', '1.0000', '1.0001', '-0.10', '0.12345', '', 'abc', '1e-2', '.5', '5.', ' 0.5'),
  fc.double({ noNaN: true }),
  fc.constant(null)),
);
const countish = mostly(
  fc.integer({ min: -1e7, max: 1e7 }).map((n) => (n / 100).toFixed(2)),
  fc.oneof(fc.constantFrom('10', '-0', '1.234', '', 'x', '99999999999999999.00', '-5.5'), fc.integer()),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const anything = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));

const delta = fc.record({
  type: fc.constant('orderbook_delta'),
  sid: mostly(fc.integer({ min: 1, max: 99 }), anything),
  seq: mostly(fc.integer({ min: 1, max: 1e6 }), anything),
  sending_ts_ms: maybe(mostly(fc.integer(), anything)),
  msg: mostly(
    fc.record({
      market_ticker: mostly(fc.string(), anything),
      market_id: maybe(mostly(fc.oneof(fc.uuid(), fc.constant('')), anything)),
      price_dollars: priceish,
      delta_fp: countish,
      side: mostly(fc.constantFrom('yes', 'no'), anything),
      client_order_id: maybe(mostly(fc.string(), anything)),
      subaccount: maybe(mostly(fc.integer(), anything)),
      ts_ms: maybe(mostly(fc.integer(), anything)),
      ts: maybe(mostly(fc.string(), anything)),
      price: maybe(mostly(fc.integer(), anything)),
      delta: maybe(mostly(fc.integer(), anything)),
      extra: maybe(anything),
    }, { requiredKeys: ['market_ticker', 'price_dollars', 'delta_fp', 'side'] }),
    fc.oneof(anything, fc.array(fc.integer())),
  ),
}, { requiredKeys: ['type', 'sid', 'seq', 'msg'] });

const level = mostly(fc.tuple(priceish, countish.filter((c) => typeof c !== 'string' || !c.startsWith('-'))), fc.oneof(fc.tuple(priceish, countish), fc.array(priceish, { maxLength: 3 }), anything));
const snapshot = fc.record({
  type: fc.constant('orderbook_snapshot'),
  sid: mostly(fc.integer({ min: 1, max: 99 }), anything),
  seq: mostly(fc.integer({ min: 1, max: 1e6 }), anything),
  msg: fc.record({
    market_ticker: mostly(fc.string(), anything),
    market_id: maybe(mostly(fc.oneof(fc.uuid(), fc.constant('')), anything)),
    yes_dollars_fp: maybe(mostly(fc.array(level, { maxLength: 6 }), anything)),
    no_dollars_fp: maybe(mostly(fc.array(level, { maxLength: 6 }), anything)),
    yes: maybe(fc.oneof(fc.array(fc.tuple(fc.integer(), fc.integer())), fc.array(fc.tuple(fc.string(), fc.integer())), fc.array(fc.tuple(fc.integer(), fc.integer(), fc.integer())), anything)),
    no_dollars: maybe(fc.oneof(fc.array(fc.tuple(fc.string(), fc.integer())), fc.array(fc.tuple(fc.integer(), fc.integer())), anything)),
  }, { requiredKeys: ['market_ticker'] }),
});

/**
 * On 20,000 generated frames (fewer under the mutation runs, see `propRuns`): whatever the fast decoder accepts, the codec accepts with a deeply
 * equal value; whatever the codec rejects, the fast decoder rejects (it may decline more, e.g.
 * older shapes or `null` fields, and then the codec decides); and it takes most newest-shape frames.
 */
function agrees(arb: fc.Arbitrary<unknown>, codec: t.Decoder<unknown, unknown>, fast: (o: Record<string, unknown>) => unknown): void {
  const runs = propRuns(20_000);
  let accepted = 0;
  let fastAccepted = 0;
  fc.assert(fc.property(arb, (raw) => {
    const slow = codec.decode(clone(raw));
    const quick = fast(clone(raw) as Record<string, unknown>);
    if (isRight(slow)) accepted++;
    if (quick !== undefined) {
      fastAccepted++;
      expect(isRight(slow)).toBe(true);
      if (isRight(slow)) expect(quick).toEqual(slow.right);
    } else if (!isRight(slow)) {
      expect(quick).toBeUndefined();
    }
  }), { numRuns: runs });
  expect(accepted).toBeGreaterThan(runs / 200);
  expect(fastAccepted).toBeGreaterThan(accepted * 0.5);
}

describe('fast decoders agree with the io-ts codecs', () => {
  it('orderbook_delta: same acceptance, deeply equal values', () => {
    agrees(delta, OrderbookDelta, fastOrderbookDelta);
  });

  it('orderbook_snapshot: same acceptance, deeply equal values', () => {
    agrees(snapshot, OrderbookSnapshot, fastOrderbookSnapshot);
  });

  it('leave a rejected frame untouched for the codec to report', () => {
    const raw = { type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'M', market_id: 'x', price_dollars: '0.5', delta_fp: 'bad', side: 'yes' } };
    const copy = clone(raw);
    expect(fastOrderbookDelta(copy)).toBeUndefined();
    expect(copy).toEqual(raw);
  });
});
