/**
 * The private `user_orders` channel (reference §4.8): `user_order` messages. No seq.
 * Note the market field is `ticker`, not `market_ticker`.
 *
 * @module
 */
import * as t from 'io-ts';
import { BookSide, Side, unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, DollarsFromString, PriceFromString } from '../protocol/fixed-point.js';

/** `status` of an order. */
export const OrderStatus = t.keyof({ resting: null, canceled: null, executed: null }, 'OrderStatus');

/** `msg` of `user_order`. */
export const UserOrderBody = t.intersection([
  t.type({
    order_id: t.string,
    user_id: t.string,
    ticker: t.string,
    status: OrderStatus,
    side: Side,
    is_yes: t.boolean,
    outcome_side: Side,
    book_side: BookSide,
    yes_price_dollars: PriceFromString,
    fill_count_fp: CountFromString,
    remaining_count_fp: CountFromString,
    initial_count_fp: CountFromString,
    taker_fill_cost_dollars: DollarsFromString,
    maker_fill_cost_dollars: DollarsFromString,
    taker_fees_dollars: DollarsFromString,
    maker_fees_dollars: DollarsFromString,
    client_order_id: t.string,
    created_time: t.string,
    created_ts_ms: t.number,
  }),
  t.partial({
    order_group_id: t.string,
    self_trade_prevention_type: t.keyof({ taker_at_cross: null, maker: null }),
    last_update_time: t.string,
    last_updated_ts_ms: t.number,
    expiration_time: t.string,
    expiration_ts_ms: t.number,
    subaccount_number: t.number,
  }),
], 'UserOrderBody');

/** A `user_order` message. */
export const UserOrder = unsequencedMessage('user_order', UserOrderBody);
/** A `user_order` message. */
export type UserOrder = t.TypeOf<typeof UserOrder>;
