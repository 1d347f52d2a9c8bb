/**
 * The private `fill` channel (reference §4.6). No seq.
 *
 * @module
 */
import * as t from 'io-ts';
import { BookSide, Side, unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, DollarsFromString, PriceFromString, SignedCountFromString } from '../protocol/fixed-point.js';

/** `action` of a fill. */
export const FillAction = t.keyof({ buy: null, sell: null, sell_partial: null, sell_to_close: null, '': null }, 'FillAction');

/** `msg` of `fill`. */
export const FillBody = t.intersection([
  t.type({
    trade_id: t.string,
    order_id: t.string,
    market_ticker: t.string,
    exchange_index: t.number,
    is_taker: t.boolean,
    side: Side,
    yes_price_dollars: PriceFromString,
    count_fp: CountFromString,
    fee_cost: DollarsFromString,
    action: FillAction,
    outcome_side: Side,
    book_side: BookSide,
    ts: t.number,
    ts_ms: t.number,
    post_position_fp: SignedCountFromString,
    purchased_side: Side,
  }),
  t.partial({ client_order_id: t.string, subaccount: t.number }),
], 'FillBody');

/** A `fill` message. */
export const Fill = unsequencedMessage('fill', FillBody);
/** A `fill` message. */
export type Fill = t.TypeOf<typeof Fill>;
