/**
 * The scanner's fastest path: the hot frames exactly as Kalshi sends them, each matched by one
 * anchored regular expression. V8 compiles it to machine code that checks the constant keys
 * and scans the strings far faster than a loop of `charCodeAt` calls (measured on a delta:
 * ~0.3 µs for the whole frame, ~1 µs through the readers of scan-readers.ts); the captures are
 * then converted exactly as the readers convert them. The shapes, from the captured frames:
 * - `orderbook_delta`: `type`, `sid`, `seq`, `msg` of `market_ticker`, `market_id`,
 *   `price_dollars`, `delta_fp`, `side`, `ts`, `ts_ms`;
 * - `ticker`: `type`, `sid`, `msg` of `market_ticker` and `market_id` (either first), the three
 *   prices, volume, open interest, the three sizes, `ts`, `ts_ms`;
 * - `trade`: `type`, `sid`, `seq`, `msg` in alphabetical order (no `is_block_trade`).
 *
 * It is certain of what it accepts, or returns `undefined` and the general scanner (and after it
 * `JSON.parse` + the codec) takes the frame: integers as `readInt` takes them (`0` or
 * `[1-9][0-9]{0,14}`), strings without quotes, backslashes or control characters (`readStr`),
 * prices and counts through `parseScaled` (the codecs' own reader) with the codecs' ranges, and
 * the codecs' completion of a ticker and a trade.
 *
 * @module
 */
import { parseScaled, PRICE_SCALE } from './fixed-point.js';
import type { ScannedMessage } from './scan-decode.js';

const INT = '(0|[1-9][0-9]{0,14})';
/** Where an integer goes in a template below (`#`: braces are escaped before it is put in). */
const I = '#';
const STR = '"([^"\\\\\\u0000-\\u001f]*)"';
/** An anchored expression from a template: `{`/`}` are the frame's braces, `#` an integer. */
const anchored = (source: string): RegExp => new RegExp(`^${source.replace(/[{}]/g, '\\$&').replace(/#/g, INT)}$`);

const DELTA = anchored(
  `{"type":"orderbook_delta","sid":${I},"seq":${I},"msg":{"market_ticker":${STR},"market_id":${STR},` +
    `"price_dollars":${STR},"delta_fp":${STR},"side":"(yes|no)","ts":${STR},"ts_ms":${I}}}`,
);
const TICKER = anchored(
  `{"type":"ticker","sid":${I},"msg":{(?:"market_ticker":${STR},"market_id":${STR}|"market_id":${STR},"market_ticker":${STR}),` +
    `"price_dollars":${STR},"yes_bid_dollars":${STR},"yes_ask_dollars":${STR},"volume_fp":${STR},"open_interest_fp":${STR},` +
    `"yes_bid_size_fp":${STR},"yes_ask_size_fp":${STR},"last_trade_size_fp":${STR},"ts":${I},"ts_ms":${I}}}`,
);
const TRADE = anchored(
  `{"type":"trade","sid":${I},"seq":${I},"msg":{"count_fp":${STR},"market_ticker":${STR},"no_price_dollars":${STR},` +
    `"taker_book_side":"(bid|ask)","taker_outcome_side":"(yes|no)","taker_side":"(yes|no)","trade_id":${STR},"ts":${I},"ts_ms":${I},` +
    `"yes_price_dollars":${STR}}}`,
);

// Set by the converters below on a value the codec would refuse (the frame goes to the readers).
let bad = false;

/** Digits as `readInt` takes them (at most 15, so exact): a plain loop, no `Number()` of a string. */
function int(digits: string | undefined): number {
  const d = digits as string;
  let v = 0;
  for (let i = 0; i < d.length; i++) v = v * 10 + (d.charCodeAt(i) - 48);
  return v;
}

/** `PriceFromString`: an integer in [0, PRICE_SCALE]; `""` is refused. */
function price(text: string | undefined): number {
  const v = parseScaled(text as string, 4);
  if (v === undefined || v < 0 || v > PRICE_SCALE) bad = true;
  return v as number;
}

/** `optValue(PriceFromString)`: `""` is no value. */
function optPrice(text: string | undefined): number | undefined {
  return text === '' ? undefined : price(text);
}

/** `optValue(CountFromString)`: non-negative, `""` is no value. */
function optCount(text: string | undefined): number | undefined {
  if (text === '') return undefined;
  const v = parseScaled(text as string, 2);
  if (v === undefined || v < 0) bad = true;
  return v;
}

/** The canonical literal of a captured `yes`/`no` (later comparisons are pointer comparisons). */
const side = (s: string | undefined): string => (s === 'yes' ? 'yes' : 'no');

function delta(m: RegExpExecArray): ScannedMessage {
  const delta_fp = parseScaled(m[6] as string, 2);
  if (delta_fp === undefined) bad = true;
  const msg = { market_ticker: m[3], market_id: m[4], price_dollars: price(m[5]), delta_fp, side: side(m[7]), ts: m[8], ts_ms: int(m[9]) };
  return { type: 'orderbook_delta', sid: int(m[1]), seq: int(m[2]), msg } as unknown as ScannedMessage;
}

function ticker(m: RegExpExecArray): ScannedMessage {
  const first = m[2] !== undefined;
  const msg = {
    market_ticker: first ? m[2] : m[5], market_id: first ? m[3] : m[4], price_dollars: optPrice(m[6]), yes_bid_dollars: optPrice(m[7]),
    yes_ask_dollars: optPrice(m[8]), volume_fp: optCount(m[9]), open_interest_fp: optCount(m[10]), yes_bid_size_fp: optCount(m[11]),
    yes_ask_size_fp: optCount(m[12]), last_trade_size_fp: optCount(m[13]), ts: int(m[14]), ts_ms: int(m[15]),
  };
  return { type: 'ticker', sid: int(m[1]), msg } as unknown as ScannedMessage;
}

function trade(m: RegExpExecArray): ScannedMessage {
  const count_fp = optCount(m[3]);
  const noIn = optPrice(m[5]);
  const yesIn = optPrice(m[12]);
  // TradeBody's completion: a YES price (or the complement of a NO price) and a count are required.
  const yes = yesIn ?? (noIn === undefined ? undefined : PRICE_SCALE - noIn);
  if (yes === undefined || count_fp === undefined) bad = true;
  const msg = {
    count_fp, market_ticker: m[4], no_price_dollars: noIn ?? PRICE_SCALE - (yes as number), taker_book_side: m[6] === 'bid' ? 'bid' : 'ask',
    taker_outcome_side: side(m[7]), taker_side: side(m[8]), trade_id: m[9], ts: int(m[10]), ts_ms: int(m[11]), yes_price_dollars: yes,
  };
  return { type: 'trade', sid: int(m[1]), seq: int(m[2]), msg } as unknown as ScannedMessage;
}

/**
 * Decodes a hot frame in Kalshi's live shape, or returns `undefined` for anything else (the
 * caller goes on with the general scanner). Equal, property order included, to what the
 * readers build.
 *
 * @example
 * scanLive('{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"M","market_id":"","price_dollars":"0.5600","delta_fp":"-5.00","side":"yes","ts":"2026-08-27T13:56:23.996443Z","ts_ms":1}}')
 * // { type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'M', …, price_dollars: 5600, delta_fp: -500, side: 'yes', … } }
 */
export function scanLive(text: string): ScannedMessage | undefined {
  // `{"type":"` is 9 characters: the type's first letters choose the one expression to try.
  const c = text.charCodeAt(9);
  const re = c === 111 /* o */ ? DELTA : c !== 116 /* t */ ? undefined : text.charCodeAt(10) === 105 /* i */ ? TICKER : TRADE;
  const m = re?.exec(text);
  if (m === undefined || m === null) return undefined;
  bad = false;
  const out = re === DELTA ? delta(m) : re === TICKER ? ticker(m) : trade(m);
  return bad ? undefined : out;
}
