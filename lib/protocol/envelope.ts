/**
 * The common data-message envelope (reference §4.1):
 * `{"type": "<type>", "sid": 3, "seq": 17, "msg": {...}, "sending_ts_ms": 1669149841123}`.
 *
 * @module
 */
import * as t from 'io-ts';

/** The envelope of a data message whose channel carries `seq` (required). */
export function sequencedMessage<T extends string, M extends t.Mixed>(type: T, msg: M) {
  return t.intersection([
    t.type({ type: t.literal(type), sid: t.number, seq: t.number, msg }),
    t.partial({ sending_ts_ms: t.number }),
  ], type);
}

/**
 * The envelope of a data message whose `seq` is optional: the live feed sends it on `trade`,
 * `communications` and the lifecycle channels, older recordings do not. When present the
 * connection checks it (a gap is reported as status).
 */
export function unsequencedMessage<T extends string, M extends t.Mixed>(type: T, msg: M) {
  return t.intersection([
    t.type({ type: t.literal(type), sid: t.number, msg }),
    t.partial({ seq: t.number, sending_ts_ms: t.number }),
  ], type);
}

/** A side of the book or of a position. */
export const Side = t.keyof({ yes: null, no: null }, 'Side');
/** `'yes' | 'no'` */
export type Side = t.TypeOf<typeof Side>;

/** `taker_book_side` / `book_side`: `bid` ≡ yes, `ask` ≡ no. */
export const BookSide = t.keyof({ bid: null, ask: null }, 'BookSide');
/** `'bid' | 'ask'` */
export type BookSide = t.TypeOf<typeof BookSide>;
