/**
 * The `orderbook_delta` channel (reference §4.3): `orderbook_snapshot` then `orderbook_delta`,
 * both sequenced.
 *
 * @module
 */
import * as t from 'io-ts';
import { sequencedMessage, Side } from '../protocol/envelope.js';
import { CountFromString, PriceFromString, SignedCountFromString } from '../protocol/fixed-point.js';

/** A `[price, count]` level of a snapshot, decoded exactly. */
export const SnapshotLevel = t.tuple([PriceFromString, CountFromString], 'SnapshotLevel');
/** A decoded snapshot level. */
export type SnapshotLevel = t.TypeOf<typeof SnapshotLevel>;

/** `msg` of `orderbook_snapshot`. Newest: `yes_dollars_fp` / `no_dollars_fp` (absent when empty); legacy fields tolerated. */
export const OrderbookSnapshotBody = t.intersection([
  t.type({ market_ticker: t.string, market_id: t.string }),
  t.partial({
    yes_dollars_fp: t.array(SnapshotLevel),
    no_dollars_fp: t.array(SnapshotLevel),
    yes: t.array(t.tuple([t.number, t.number])),
    no: t.array(t.tuple([t.number, t.number])),
    yes_dollars: t.array(t.tuple([t.string, t.number])),
    no_dollars: t.array(t.tuple([t.string, t.number])),
  }),
], 'OrderbookSnapshotBody');

/** An `orderbook_snapshot` message. */
export const OrderbookSnapshot = sequencedMessage('orderbook_snapshot', OrderbookSnapshotBody);
/** An `orderbook_snapshot` message. */
export type OrderbookSnapshot = t.TypeOf<typeof OrderbookSnapshot>;

/** `msg` of `orderbook_delta`: one level changes by a signed exact count. */
export const OrderbookDeltaBody = t.intersection([
  t.type({
    market_ticker: t.string,
    market_id: t.string,
    price_dollars: PriceFromString,
    delta_fp: SignedCountFromString,
    side: Side,
  }),
  t.partial({ client_order_id: t.string, subaccount: t.number, ts_ms: t.number, ts: t.string, price: t.number, delta: t.number }),
], 'OrderbookDeltaBody');

/** An `orderbook_delta` message. */
export const OrderbookDelta = sequencedMessage('orderbook_delta', OrderbookDeltaBody);
/** An `orderbook_delta` message. */
export type OrderbookDelta = t.TypeOf<typeof OrderbookDelta>;
