/**
 * The `ticker` channel (reference §4.4, §11): one `ticker` message whenever any field changes.
 *
 * Decode policy: only `market_ticker` is required. Every other field is optional, because the
 * live feed omits them (demo 2026-08: no `dollar_volume`, `dollar_open_interest`, `time`;
 * production: `price_dollars: ""` before a market's first trade), and older recordings carry
 * only the integer-cent fields (`price`, `yes_bid`, `yes_ask`, `volume`, `open_interest`), which
 * are filled into the newest fields. Unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { unsequencedMessage } from '../protocol/envelope.js';
import { CountFromString, type Count, type Price, PriceFromString } from '../protocol/fixed-point.js';
import { centsToPrice, contractsToCount, normalized, opt, optValue } from '../protocol/tolerant.js';
import { defineChannel } from './define-channel.js';

const TickerFields = t.intersection([
  t.type({ market_ticker: t.string }),
  t.partial({
    market_id: opt(t.string),
    price_dollars: optValue(PriceFromString),
    yes_bid_dollars: optValue(PriceFromString),
    yes_ask_dollars: optValue(PriceFromString),
    volume_fp: optValue(CountFromString),
    open_interest_fp: optValue(CountFromString),
    dollar_volume: opt(t.number),
    dollar_open_interest: opt(t.number),
    yes_bid_size_fp: optValue(CountFromString),
    yes_ask_size_fp: optValue(CountFromString),
    last_trade_size_fp: optValue(CountFromString),
    ts: opt(t.number),
    ts_ms: opt(t.number),
    time: opt(t.string),
    price: opt(t.number),
    yes_bid: opt(t.number),
    yes_ask: opt(t.number),
    volume: opt(t.number),
    open_interest: opt(t.number),
  }),
], 'TickerFields');

/** `msg` of `ticker`: newest fields, filled from the integer-cent ones where only those came. */
export const TickerBody = normalized('TickerBody', TickerFields, (m) => ({
  ...m,
  price_dollars: m.price_dollars ?? (centsToPrice(m.price) as Price | undefined),
  yes_bid_dollars: m.yes_bid_dollars ?? (centsToPrice(m.yes_bid) as Price | undefined),
  yes_ask_dollars: m.yes_ask_dollars ?? (centsToPrice(m.yes_ask) as Price | undefined),
  volume_fp: m.volume_fp ?? (contractsToCount(m.volume) as Count | undefined),
  open_interest_fp: m.open_interest_fp ?? (contractsToCount(m.open_interest) as Count | undefined),
}));

/** A `ticker` message. */
export const Ticker = unsequencedMessage('ticker', TickerBody);
/** A `ticker` message. */
export type Ticker = t.TypeOf<typeof Ticker>;

/** The `ticker` channel: public, optionally filtered by market, no seq; a ticker is a full state, so nothing to recover. */
export const tickerChannel = defineChannel({
  name: 'ticker', codecs: { ticker: Ticker },
  privateOnly: false, marketFilter: 'optional', sequenced: false, updateActions: ['add_markets', 'delete_markets'], recovery: 'none', marketField: 'market_ticker',
});
