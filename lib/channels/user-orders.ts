/**
 * The private `user_orders` channel (reference §4.8, §12): `user_order` messages.
 * Note the market field is `ticker`, not `market_ticker`.
 *
 * Decode policy: required are `order_id` (correlation), `ticker`, `status` and `side`; the
 * status is an open enumeration (§12 adds `unknown`); prices, counts, costs and times are
 * optional (`created_time` / `created_ts_ms` may be `null`, §12). Unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { BookSide, Side, unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, DollarsFromString, PriceFromString } from '../protocol/fixed-point.js';
import { openEnum, opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** `status` of an order (open: other strings, such as `unknown`, are kept). */
export const OrderStatus = openEnum('OrderStatus', ['resting', 'canceled', 'executed', 'unknown']);

/** `msg` of `user_order`. */
export const UserOrderBody = t.intersection([
  t.type({ order_id: t.string, ticker: t.string, status: OrderStatus, side: Side }),
  t.partial({
    user_id: opt(t.string),
    is_yes: opt(t.boolean),
    outcome_side: opt(Side),
    book_side: opt(BookSide),
    yes_price_dollars: optValue(PriceFromString),
    fill_count_fp: optValue(CountFromString),
    remaining_count_fp: optValue(CountFromString),
    initial_count_fp: optValue(CountFromString),
    taker_fill_cost_dollars: optValue(DollarsFromString),
    maker_fill_cost_dollars: optValue(DollarsFromString),
    taker_fees_dollars: optValue(DollarsFromString),
    maker_fees_dollars: optValue(DollarsFromString),
    client_order_id: opt(t.string),
    created_time: opt(t.string),
    created_ts_ms: opt(t.number),
    exchange_index: opt(t.number),
    last_update_reason: opt(openEnum('OrderUpdateReason', [
      'Decrease', 'Amend', 'MarginCancel', 'SelfTradeCancel', 'ExpiryCancel', 'CloseCancel', 'HaltCancel', 'Trade', 'PostOnlyCrossCancel', 'ReduceOnlyCancel',
    ])),
    order_group_id: opt(t.string),
    self_trade_prevention_type: opt(openEnum('SelfTradePrevention', ['taker_at_cross', 'maker'])),
    last_update_time: opt(t.string),
    last_updated_ts_ms: opt(t.number),
    expiration_time: opt(t.string),
    expiration_ts_ms: opt(t.number),
    subaccount_number: opt(t.number),
  }),
], 'UserOrderBody');

/** A `user_order` message. */
export const UserOrder = unsequencedMessage('user_order', UserOrderBody);
/** A `user_order` message. */
export type UserOrder = t.TypeOf<typeof UserOrder>;

/** The private `user_orders` channel (its messages name the market in `ticker`). */
export const userOrdersChannel = defineChannel({
  name: 'user_orders', codecs: { user_order: UserOrder },
  privateOnly: true, marketFilter: 'optional', sequenced: false, updateActions: ['add_markets', 'delete_markets'], recovery: 'none', marketField: 'ticker',
});
