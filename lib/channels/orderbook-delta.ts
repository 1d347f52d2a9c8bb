/**
 * The `orderbook_delta` channel (reference §4.3, §11): `orderbook_snapshot` then
 * `orderbook_delta`, both sequenced.
 *
 * Decode policy: a book cannot be kept without `sid`, `seq`, `market_ticker` and, on a delta,
 * the side, the price and the signed count, so those are required (the price and count in the
 * newest fields or, in older recordings, as integer cents / whole contracts, filled into the
 * newest fields). `market_id` is optional (captures carry `""`). A snapshot may carry neither
 * ladder (an empty book, seen live) and its ladders may come in any order (one live capture has
 * `no_dollars_fp` descending); a level's extra components are dropped. Unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { sequencedMessage, Side } from '../protocol/envelope.js';
import { type Count, CountFromString, type Price, PriceFromString, SignedCountFromString } from '../protocol/fixed-point.js';
import { centsToPrice, contractsToCount, MissingField, normalized, opt } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** A `[price, count]` level of a snapshot, decoded exactly. */
export const SnapshotLevel = t.tuple([PriceFromString, CountFromString], 'SnapshotLevel');
/** A decoded snapshot level. */
export type SnapshotLevel = t.TypeOf<typeof SnapshotLevel>;

/** `msg` of `orderbook_snapshot`. Newest: `yes_dollars_fp` / `no_dollars_fp` (absent when empty); legacy fields tolerated. */
export const OrderbookSnapshotBody = t.intersection([
  t.type({ market_ticker: t.string }),
  t.partial({
    market_id: opt(t.string),
    yes_dollars_fp: opt(t.array(SnapshotLevel)),
    no_dollars_fp: opt(t.array(SnapshotLevel)),
    yes: opt(t.array(t.tuple([t.number, t.number]))),
    no: opt(t.array(t.tuple([t.number, t.number]))),
    yes_dollars: opt(t.array(t.tuple([t.string, t.number]))),
    no_dollars: opt(t.array(t.tuple([t.string, t.number]))),
  }),
], 'OrderbookSnapshotBody');

/** An `orderbook_snapshot` message. */
export const OrderbookSnapshot = sequencedMessage('orderbook_snapshot', OrderbookSnapshotBody);
/** An `orderbook_snapshot` message. */
export type OrderbookSnapshot = t.TypeOf<typeof OrderbookSnapshot>;

const OrderbookDeltaFields = t.intersection([
  t.type({ market_ticker: t.string, side: Side }),
  t.partial({
    market_id: opt(t.string),
    price_dollars: opt(PriceFromString),
    delta_fp: opt(SignedCountFromString),
    client_order_id: opt(t.string),
    subaccount: opt(t.number),
    ts_ms: opt(t.number),
    ts: opt(t.string),
    price: opt(t.number),
    delta: opt(t.number),
  }),
], 'OrderbookDeltaFields');

/** `msg` of `orderbook_delta`: one level changes by a signed exact count. */
export const OrderbookDeltaBody = normalized('OrderbookDeltaBody', OrderbookDeltaFields, (m) => {
  if (m.price_dollars !== undefined && m.delta_fp !== undefined) return m as typeof m & { price_dollars: Price; delta_fp: Count };
  const price = m.price_dollars ?? centsToPrice(m.price);
  if (price === undefined) return new MissingField('price_dollars');
  const delta = m.delta_fp ?? (m.delta !== undefined && Number.isInteger(m.delta) ? contractsToCount(m.delta) : undefined);
  if (delta === undefined) return new MissingField('delta_fp');
  return { ...m, price_dollars: price as Price, delta_fp: delta as Count };
});

/** An `orderbook_delta` message. */
export const OrderbookDelta = sequencedMessage('orderbook_delta', OrderbookDeltaBody);
/** An `orderbook_delta` message. */
export type OrderbookDelta = t.TypeOf<typeof OrderbookDelta>;

/** The `orderbook_delta` channel: a snapshot per market, then sequenced deltas; recovered with `get_snapshot`. */
export const orderbookDeltaChannel = defineChannel({
  name: 'orderbook_delta',
  codecs: { orderbook_snapshot: OrderbookSnapshot, orderbook_delta: OrderbookDelta },
  privateOnly: true, marketFilter: 'required', sequenced: true,
  updateActions: ['add_markets', 'delete_markets', 'get_snapshot'], recovery: 'snapshot', marketField: 'market_ticker',
});
