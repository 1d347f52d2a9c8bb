/**
 * The private `fill` channel (reference §4.6): the caller's own fills.
 *
 * Decode policy: required are what a fill is built from and what correlates it: `trade_id`,
 * `order_id`, `market_ticker`, `side`, the YES price and the count (newest fields, or the
 * integer `yes_price` / `count` of older recordings, filled into the newest fields). Everything
 * else is optional, enumerations are open (a new `action` is kept as a string), unknown fields
 * are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { BookSide, Side, unsequencedMessage } from '../protocol/envelope.js';
import { type Count, CountFromString, DollarsFromString, type Price, PriceFromString, SignedCountFromString } from '../protocol/fixed-point.js';
import { centsToPrice, contractsToCount, MissingField, normalized, openEnum, opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

/** `action` of a fill (open: other strings are kept). */
export const FillAction = openEnum('FillAction', ['buy', 'sell', 'sell_partial', 'sell_to_close', '']);

const FillFields = t.intersection([
  t.type({ trade_id: t.string, order_id: t.string, market_ticker: t.string, side: Side }),
  t.partial({
    exchange_index: opt(t.number),
    is_taker: opt(t.boolean),
    yes_price_dollars: optValue(PriceFromString),
    no_price_dollars: optValue(PriceFromString),
    count_fp: optValue(CountFromString),
    fee_cost: optValue(DollarsFromString),
    action: opt(FillAction),
    outcome_side: opt(Side),
    book_side: opt(BookSide),
    ts: opt(t.number),
    ts_ms: opt(t.number),
    post_position_fp: optValue(SignedCountFromString),
    purchased_side: opt(Side),
    client_order_id: opt(t.string),
    subaccount: opt(t.number),
    yes_price: opt(t.number),
    no_price: opt(t.number),
    count: opt(t.number),
  }),
], 'FillFields');

/** `msg` of `fill`: the YES price and the count always present (filled from older shapes). */
export const FillBody = normalized('FillBody', FillFields, (m) => {
  const yes = m.yes_price_dollars ?? centsToPrice(m.yes_price);
  if (yes === undefined) return new MissingField('yes_price_dollars');
  const count = m.count_fp ?? contractsToCount(m.count);
  if (count === undefined) return new MissingField('count_fp');
  return { ...m, yes_price_dollars: yes as Price, count_fp: count as Count };
});

/** A `fill` message. */
export const Fill = unsequencedMessage('fill', FillBody);
/** A `fill` message. */
export type Fill = t.TypeOf<typeof Fill>;

/** The private `fill` channel. */
export const fillChannel = defineChannel({
  name: 'fill', codecs: { fill: Fill },
  privateOnly: true, marketFilter: 'optional', sequenced: false, updateActions: ['add_markets', 'delete_markets'], recovery: 'none', marketField: 'market_ticker',
});
