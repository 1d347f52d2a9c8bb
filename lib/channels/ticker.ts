/**
 * The `ticker` channel (reference §4.4): one `ticker` message whenever any field changes. No seq.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, PriceFromString } from '../protocol/fixed-point.js';

/** `msg` of `ticker` (newest shape; all fields required; legacy integer fields tolerated). */
export const TickerBody = t.intersection([
  t.type({
    market_id: t.string,
    market_ticker: t.string,
    price_dollars: PriceFromString,
    yes_bid_dollars: PriceFromString,
    yes_ask_dollars: PriceFromString,
    volume_fp: CountFromString,
    open_interest_fp: CountFromString,
    dollar_volume: t.number,
    dollar_open_interest: t.number,
    yes_bid_size_fp: CountFromString,
    yes_ask_size_fp: CountFromString,
    last_trade_size_fp: CountFromString,
    ts: t.number,
    ts_ms: t.number,
    time: t.string,
  }),
  t.partial({ price: t.number, yes_bid: t.number, yes_ask: t.number, volume: t.number, open_interest: t.number }),
], 'TickerBody');

/** A `ticker` message. */
export const Ticker = unsequencedMessage('ticker', TickerBody);
/** A `ticker` message. */
export type Ticker = t.TypeOf<typeof Ticker>;
