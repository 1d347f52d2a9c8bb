/**
 * The `trade` channel (reference §4.5, §11, §12): public trades.
 *
 * Decode policy: required are `market_ticker`, a YES price and a count, in the newest fields
 * (`yes_price_dollars`, `count_fp`) or the integer ones of older recordings (`yes_price` in
 * cents, `count` in contracts), which are filled into the newest fields; `no_price_dollars` is
 * derived exactly (1 − YES) when absent. Everything else is optional: the live feed omits
 * `is_block_trade`, the taker sides and `ts_ms`. `seq` is carried on the live wire (checked
 * when present). Unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { BookSide, Side, unsequencedMessage } from '../protocol/envelope.js';
import { type Count, CountFromString, type Price, PRICE_SCALE, PriceFromString } from '../protocol/fixed-point.js';
import { centsToPrice, contractsToCount, MissingField, normalized, opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

const TradeFields = t.intersection([
  t.type({ market_ticker: t.string }),
  t.partial({
    trade_id: opt(t.string),
    yes_price_dollars: optValue(PriceFromString),
    no_price_dollars: optValue(PriceFromString),
    count_fp: optValue(CountFromString),
    taker_side: opt(Side),
    taker_outcome_side: opt(Side),
    taker_book_side: opt(BookSide),
    is_block_trade: opt(t.boolean),
    ts: opt(t.number),
    ts_ms: opt(t.number),
    yes_price: opt(t.number),
    no_price: opt(t.number),
    count: opt(t.number),
  }),
], 'TradeFields');

/** `msg` of `trade`: YES and NO price and the count always present (filled from older shapes). */
export const TradeBody = normalized('TradeBody', TradeFields, (m) => {
  const yes = m.yes_price_dollars ?? centsToPrice(m.yes_price) ?? complement(m.no_price_dollars ?? centsToPrice(m.no_price));
  if (yes === undefined) return new MissingField('yes_price_dollars');
  const count = m.count_fp ?? contractsToCount(m.count);
  if (count === undefined) return new MissingField('count_fp');
  const no = m.no_price_dollars ?? centsToPrice(m.no_price) ?? PRICE_SCALE - yes;
  return { ...m, yes_price_dollars: yes as Price, no_price_dollars: no as Price, count_fp: count as Count };
});

function complement(p: number | undefined): number | undefined {
  return p === undefined ? undefined : PRICE_SCALE - p;
}

/** A `trade` message. */
export const Trade = unsequencedMessage('trade', TradeBody);
/** A `trade` message. */
export type Trade = t.TypeOf<typeof Trade>;

/** The `trade` channel: public trades, `seq` on the live wire; a gap cannot be recovered (no snapshot of trades). */
export const tradeChannel = defineChannel({
  name: 'trade', codecs: { trade: Trade },
  privateOnly: false, marketFilter: 'optional', sequenced: true, updateActions: ['add_markets', 'delete_markets'], recovery: 'none', marketField: 'market_ticker',
});
