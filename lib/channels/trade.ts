/**
 * The `trade` channel (reference §4.5): public trades. No seq in the spec (tolerated).
 *
 * @module
 */
import * as t from 'io-ts';
import { BookSide, Side, unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, PriceFromString } from '../protocol/fixed-point.js';

/** `msg` of `trade` (newest shape, all required). */
export const TradeBody = t.type({
  trade_id: t.string,
  market_ticker: t.string,
  yes_price_dollars: PriceFromString,
  no_price_dollars: PriceFromString,
  count_fp: CountFromString,
  taker_side: Side,
  taker_outcome_side: Side,
  taker_book_side: BookSide,
  is_block_trade: t.boolean,
  ts: t.number,
  ts_ms: t.number,
}, 'TradeBody');

/** A `trade` message. */
export const Trade = unsequencedMessage('trade', TradeBody);
/** A `trade` message. */
export type Trade = t.TypeOf<typeof Trade>;
