/**
 * A shape-specialized decoder for the hot frames (`orderbook_delta`, `orderbook_snapshot`,
 * `ticker`, `trade`): it reads the frame text once, left to right, straight into the decoded
 * message (prices and counts integer-scaled as the codecs make them), without `JSON.parse`.
 *
 * It accepts only what it recognises with certainty: compact JSON (no whitespace), the envelope
 * starting with `"type"`, keys it knows for that type in any order and each once, strings without
 * escapes or control characters, integers where the codec wants a number (no sign, fraction or
 * exponent), the newest field shapes. On anything else it returns `undefined` and the caller
 * decodes with `JSON.parse` + the codec, so behaviour is defined by the codecs alone
 * (docs/decode-policy.md); the property tests in spec/protocol/scan-decode.spec.ts prove the two
 * paths equal on valid frames and on near-misses built to break this one.
 *
 * @module
 */
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import { PRICE_SCALE } from './fixed-point.js';

/** What the scanner decodes. */
export type ScannedMessage = OrderbookDelta | OrderbookSnapshot | Ticker | Trade;

const enum Kind {
  /** A string without escapes. */
  Str,
  /** A non-negative integer without sign, fraction or exponent (a JSON number to the codec). */
  Int,
  /** `PriceFromString`: "" rejected. */
  Price,
  /** `optValue(PriceFromString)`: "" is no value. */
  PriceOpt,
  /** `SignedCountFromString`. */
  Count,
  /** `optValue(CountFromString)`: non-negative, "" is no value. */
  CountOpt,
  /** `Side`: "yes" | "no". */
  Side,
  /** `BookSide`: "bid" | "ask". */
  BookSide,
  Bool,
  /** An array of `[price, count]` string pairs (`t.array(SnapshotLevel)`). */
  Levels,
}

const codesOf = (text: string): Uint16Array => Uint16Array.from(text, (c) => c.charCodeAt(0));

interface Field {
  readonly name: string;
  /** `"name":`, matched in place on the fast path. */
  readonly quoted: string;
  readonly codes: Uint16Array;
  readonly kind: Kind;
  /** For duplicates and required keys. */
  readonly bit: number;
}

interface Shape {
  /** Known keys of `msg` (a Map: `__proto__` finds nothing). */
  readonly byName: ReadonlyMap<string, Field>;
  /** The keys in the order Kalshi sends them, for the no-allocation fast path. */
  readonly order: readonly Field[];
  readonly required: number;
  readonly sequenced: boolean;
}

function shape(spec: readonly (readonly [string, Kind])[], required: readonly string[], sequenced: boolean): Shape {
  const order = spec.map(([name, kind], i): Field => ({ name, quoted: `"${name}":`, codes: codesOf(`"${name}":`), kind, bit: 1 << i }));
  const byName = new Map(order.map((f) => [f.name, f]));
  let mask = 0;
  for (const k of required) mask |= (byName.get(k) as Field).bit;
  return { byName, order, required: mask, sequenced };
}

// Field tables mirror lib/channels (only the newest shapes: older integer fields are left to the codec).
const DELTA = shape([
  ['market_ticker', Kind.Str], ['market_id', Kind.Str], ['price_dollars', Kind.Price], ['delta_fp', Kind.Count], ['side', Kind.Side],
  ['ts', Kind.Str], ['ts_ms', Kind.Int], ['client_order_id', Kind.Str], ['subaccount', Kind.Int],
], ['market_ticker', 'price_dollars', 'delta_fp', 'side'], true);

const SNAPSHOT = shape([
  ['market_ticker', Kind.Str], ['market_id', Kind.Str], ['yes_dollars_fp', Kind.Levels], ['no_dollars_fp', Kind.Levels],
], ['market_ticker'], true);

const TICKER = shape([
  ['market_ticker', Kind.Str], ['market_id', Kind.Str], ['price_dollars', Kind.PriceOpt], ['yes_bid_dollars', Kind.PriceOpt],
  ['yes_ask_dollars', Kind.PriceOpt], ['volume_fp', Kind.CountOpt], ['open_interest_fp', Kind.CountOpt], ['dollar_volume', Kind.Int],
  ['dollar_open_interest', Kind.Int], ['yes_bid_size_fp', Kind.CountOpt], ['yes_ask_size_fp', Kind.CountOpt],
  ['last_trade_size_fp', Kind.CountOpt], ['ts', Kind.Int], ['ts_ms', Kind.Int], ['time', Kind.Str],
], ['market_ticker'], false);

// Trades arrive in alphabetical key order on the live wire.
const TRADE = shape([
  ['count_fp', Kind.CountOpt], ['market_ticker', Kind.Str], ['no_price_dollars', Kind.PriceOpt], ['taker_book_side', Kind.BookSide],
  ['taker_outcome_side', Kind.Side], ['taker_side', Kind.Side], ['trade_id', Kind.Str], ['ts', Kind.Int], ['ts_ms', Kind.Int],
  ['yes_price_dollars', Kind.PriceOpt], ['is_block_trade', Kind.Bool],
], ['market_ticker'], false);

const ENVELOPE_KEYS = ['"sid":', '"seq":', '"msg":'] as const;
const ENVELOPE_CODES = ENVELOPE_KEYS.map(codesOf);

// Scanner state: the text and the position, module-level so readers return plain values.
let s = '';
let p = 0;
let bad = false;

const Q = 34; // "
const BACKSLASH = 92;

/** The fields TickerBody's completion always sets (to `undefined` when absent). */
const TICKER_COMPLETED = ['price_dollars', 'yes_bid_dollars', 'yes_ask_dollars', 'volume_fp', 'open_interest_fp'] as const;

/** A string at `p` (which must be `"`) without escapes or control characters; sets `bad` otherwise. */
function readStr(): string {
  const text = s;
  let i = p;
  if (text.charCodeAt(i) !== Q) {
    bad = true;
    return '';
  }
  const start = ++i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === Q) break;
    if (c === BACKSLASH || c < 0x20 || c !== c) { // escape, control character, or the end of the text (NaN)
      bad = true;
      return '';
    }
    i++;
  }
  p = i + 1;
  return text.slice(start, i);
}

/** An integer `0` or `[1-9][0-9]{0,14}` ending at a `,` or `}` (anything else: `bad`). */
function readInt(): number {
  const text = s;
  let i = p;
  let c = text.charCodeAt(i) - 48;
  if (!(c >= 0 && c <= 9)) { // NaN at the end of the text is not a digit
    bad = true;
    return 0;
  }
  let v = c;
  i++;
  if (c !== 0) {
    for (let n = 1; ; n++) {
      c = text.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) break;
      if (n === 15) {
        bad = true;
        return 0;
      }
      v = v * 10 + c;
      i++;
    }
  }
  const next = text.charCodeAt(i);
  if (next !== 44 /* , */ && next !== 125 /* } */) bad = true;
  p = i;
  return v;
}

/**
 * A fixed-point string at `p` read into an integer with `decimals` implied decimals, exactly as
 * `parseScaled` reads the string's content (`-?digits(.digits*)?`, at most `decimals` decimals,
 * a safe integer, `-0` is 0). `""` returns undefined (the caller decides what "" means).
 */
function readScaled(decimals: number): number | undefined {
  const text = s;
  let i = p;
  if (text.charCodeAt(i) !== Q) {
    bad = true;
    return undefined;
  }
  i++;
  if (text.charCodeAt(i) === Q) {
    p = i + 1;
    return undefined;
  }
  let negative = false;
  if (text.charCodeAt(i) === 45 /* - */) {
    negative = true;
    i++;
  }
  let value = 0;
  let intDigits = 0;
  let c = text.charCodeAt(i) - 48;
  while (c >= 0 && c <= 9) {
    value = value * 10 + c;
    intDigits++;
    c = text.charCodeAt(++i) - 48;
  }
  if (intDigits === 0) {
    bad = true;
    return undefined;
  }
  let fracDigits = 0;
  if (c === 46 - 48 /* . */) {
    c = text.charCodeAt(++i) - 48;
    while (c >= 0 && c <= 9) {
      if (++fracDigits > decimals) {
        bad = true;
        return undefined;
      }
      value = value * 10 + c;
      c = text.charCodeAt(++i) - 48;
    }
  }
  if (c !== Q - 48) {
    bad = true;
    return undefined;
  }
  p = i + 1;
  for (; fracDigits < decimals; fracDigits++) value *= 10;
  if (!Number.isSafeInteger(value)) {
    bad = true;
    return undefined;
  }
  return negative && value !== 0 ? -value : value;
}

/** Whether `codes` (a key as `"key":`) is at `p`; advances past it when so. */
function matchAt(codes: Uint16Array): boolean {
  const text = s;
  const i = p;
  const n = codes.length;
  for (let k = 0; k < n; k++) if (text.charCodeAt(i + k) !== codes[k]) return false;
  p = i + n;
  return true;
}

/** One of two string literals (`quotedA` is `valueA` in quotes). */
function readLiteral(quotedA: string, valueA: string, quotedB: string, valueB: string): string {
  if (s.startsWith(quotedA, p)) {
    p += quotedA.length;
    return valueA;
  }
  if (s.startsWith(quotedB, p)) {
    p += quotedB.length;
    return valueB;
  }
  bad = true;
  return '';
}

function readLevels(): [number, number][] {
  const out: [number, number][] = [];
  if (s.charCodeAt(p) !== 91 /* [ */) {
    bad = true;
    return out;
  }
  p++;
  if (s.charCodeAt(p) === 93 /* ] */) {
    p++;
    return out;
  }
  for (;;) {
    if (s.charCodeAt(p) !== 91) {
      bad = true;
      return out;
    }
    p++;
    const price = readScaled(4);
    if (bad || price === undefined || price < 0 || price > PRICE_SCALE || s.charCodeAt(p) !== 44) {
      bad = true;
      return out;
    }
    p++;
    const count = readScaled(2);
    if (bad || count === undefined || count < 0 || s.charCodeAt(p) !== 93) {
      bad = true;
      return out;
    }
    p++;
    out.push([price, count]);
    const c = s.charCodeAt(p++);
    if (c === 93) return out;
    if (c !== 44) {
      bad = true;
      return out;
    }
  }
}

function readValue(kind: Kind): unknown {
  switch (kind) {
    case Kind.Str:
      return readStr();
    case Kind.Int:
      return readInt();
    case Kind.Price: {
      const v = readScaled(4);
      if (v === undefined || v < 0 || v > PRICE_SCALE) bad = true;
      return v;
    }
    case Kind.PriceOpt: {
      const v = readScaled(4);
      if (v !== undefined && (v < 0 || v > PRICE_SCALE)) bad = true;
      return v;
    }
    case Kind.Count: {
      const v = readScaled(2);
      if (v === undefined) bad = true;
      return v;
    }
    case Kind.CountOpt: {
      const v = readScaled(2);
      if (v !== undefined && v < 0) bad = true;
      return v;
    }
    case Kind.Side:
      return readLiteral('"yes"', 'yes', '"no"', 'no');
    case Kind.BookSide:
      return readLiteral('"bid"', 'bid', '"ask"', 'ask');
    case Kind.Bool:
      if (s.startsWith('true', p)) {
        p += 4;
        return true;
      }
      if (s.startsWith('false', p)) {
        p += 5;
        return false;
      }
      bad = true;
      return undefined;
    case Kind.Levels:
      return readLevels();
  }
}

/** A key at `p` (`"key":`): the expected one without allocating, or any plain key (as `"key":`). */
function readKey(i: number): string {
  const expected = ENVELOPE_CODES[i];
  if (expected !== undefined && matchAt(expected)) return ENVELOPE_KEYS[i] as string;
  const key = readStr();
  if (bad || s.charCodeAt(p) !== 58 /* : */) {
    bad = true;
    return '';
  }
  p++;
  return `"${key}":`;
}

/** The field of `msg` at `p`: the `i`-th in Kalshi order without allocating, or any known key. */
function readField(sh: Shape, i: number): Field | undefined {
  const expected = sh.order[i];
  if (expected !== undefined && matchAt(expected.codes)) return expected;
  const key = readStr();
  if (bad || s.charCodeAt(p) !== 58 /* : */) return undefined;
  p++;
  return sh.byName.get(key);
}

/** Reads `msg` (an object of `shape`'s keys, each once, in any order) at `p`. */
function readMsg(sh: Shape): Record<string, unknown> | undefined {
  if (s.charCodeAt(p) !== 123 /* { */) return undefined;
  p++;
  const out: Record<string, unknown> = {};
  let seen = 0;
  if (s.charCodeAt(p) === 125) {
    p++;
  } else {
    for (let i = 0; ; i++) {
      const field = readField(sh, i);
      if (field === undefined || (seen & field.bit) !== 0) return undefined;
      seen |= field.bit;
      out[field.name] = readValue(field.kind);
      if (bad) return undefined;
      const c = s.charCodeAt(p++);
      if (c === 125) break;
      if (c !== 44) return undefined;
    }
  }
  return (seen & sh.required) === sh.required ? out : undefined;
}

// ---------------------------------------------------------------- Kalshi's own order

// The exact field order of live frames: read into locals and built as one object literal (one
// hidden class per type, no keyed stores). Any deviation returns undefined and the generic reader
// above takes the frame from the start of `msg`.
const K = (name: string): Uint16Array => codesOf(`,"${name}":`);
const K_TICKER_FIRST = codesOf('"market_ticker":');
const K_MARKET_ID = K('market_id');
const K_PRICE = K('price_dollars');
const K_DELTA = K('delta_fp');
const K_SIDE = K('side');
const K_TS = K('ts');
const K_TS_MS = K('ts_ms');

/** `,` + a key, or false. */
const next = (codes: Uint16Array): boolean => matchAt(codes);

function kalshiDelta(): Record<string, unknown> | undefined {
  if (!matchAt(K_TICKER_FIRST)) return undefined;
  const market_ticker = readStr();
  if (bad || !next(K_MARKET_ID)) return undefined;
  const market_id = readStr();
  if (bad || !next(K_PRICE)) return undefined;
  const price_dollars = readValue(Kind.Price);
  if (bad || !next(K_DELTA)) return undefined;
  const delta_fp = readValue(Kind.Count);
  if (bad || !next(K_SIDE)) return undefined;
  const side = readValue(Kind.Side);
  if (bad || !next(K_TS)) return undefined;
  const ts = readStr();
  if (bad || !next(K_TS_MS)) return undefined;
  const ts_ms = readInt();
  if (bad || s.charCodeAt(p) !== 125) return undefined;
  p++;
  return { market_ticker, market_id, price_dollars, delta_fp, side, ts, ts_ms };
}

const K_YES_BID = K('yes_bid_dollars');
const K_YES_ASK = K('yes_ask_dollars');
const K_VOLUME = K('volume_fp');
const K_OI = K('open_interest_fp');
const K_BID_SIZE = K('yes_bid_size_fp');
const K_ASK_SIZE = K('yes_ask_size_fp');
const K_LAST_SIZE = K('last_trade_size_fp');

function kalshiTicker(): Record<string, unknown> | undefined {
  if (!matchAt(K_TICKER_FIRST)) return undefined;
  const market_ticker = readStr();
  if (bad || !next(K_MARKET_ID)) return undefined;
  const market_id = readStr();
  if (bad || !next(K_PRICE)) return undefined;
  const price_dollars = readValue(Kind.PriceOpt);
  if (bad || !next(K_YES_BID)) return undefined;
  const yes_bid_dollars = readValue(Kind.PriceOpt);
  if (bad || !next(K_YES_ASK)) return undefined;
  const yes_ask_dollars = readValue(Kind.PriceOpt);
  if (bad || !next(K_VOLUME)) return undefined;
  const volume_fp = readValue(Kind.CountOpt);
  if (bad || !next(K_OI)) return undefined;
  const open_interest_fp = readValue(Kind.CountOpt);
  if (bad || !next(K_BID_SIZE)) return undefined;
  const yes_bid_size_fp = readValue(Kind.CountOpt);
  if (bad || !next(K_ASK_SIZE)) return undefined;
  const yes_ask_size_fp = readValue(Kind.CountOpt);
  if (bad || !next(K_LAST_SIZE)) return undefined;
  const last_trade_size_fp = readValue(Kind.CountOpt);
  if (bad || !next(K_TS)) return undefined;
  const ts = readInt();
  if (bad || !next(K_TS_MS)) return undefined;
  const ts_ms = readInt();
  if (bad || s.charCodeAt(p) !== 125) return undefined;
  p++;
  return { market_ticker, market_id, price_dollars, yes_bid_dollars, yes_ask_dollars, volume_fp, open_interest_fp, yes_bid_size_fp, yes_ask_size_fp, last_trade_size_fp, ts, ts_ms };
}

const K_COUNT_FIRST = codesOf('"count_fp":');
const K_TICKER = K('market_ticker');
const K_NO_PRICE = K('no_price_dollars');
const K_BOOK_SIDE = K('taker_book_side');
const K_OUTCOME_SIDE = K('taker_outcome_side');
const K_TAKER_SIDE = K('taker_side');
const K_TRADE_ID = K('trade_id');
const K_YES_PRICE = K('yes_price_dollars');

function kalshiTrade(): Record<string, unknown> | undefined {
  if (!matchAt(K_COUNT_FIRST)) return undefined;
  const count_fp = readValue(Kind.CountOpt);
  if (bad || !next(K_TICKER)) return undefined;
  const market_ticker = readStr();
  if (bad || !next(K_NO_PRICE)) return undefined;
  const no_price_dollars = readValue(Kind.PriceOpt);
  if (bad || !next(K_BOOK_SIDE)) return undefined;
  const taker_book_side = readValue(Kind.BookSide);
  if (bad || !next(K_OUTCOME_SIDE)) return undefined;
  const taker_outcome_side = readValue(Kind.Side);
  if (bad || !next(K_TAKER_SIDE)) return undefined;
  const taker_side = readValue(Kind.Side);
  if (bad || !next(K_TRADE_ID)) return undefined;
  const trade_id = readStr();
  if (bad || !next(K_TS)) return undefined;
  const ts = readInt();
  if (bad || !next(K_TS_MS)) return undefined;
  const ts_ms = readInt();
  if (bad || !next(K_YES_PRICE)) return undefined;
  const yes_price_dollars = readValue(Kind.PriceOpt);
  if (bad || s.charCodeAt(p) !== 125) return undefined;
  p++;
  return { count_fp, market_ticker, no_price_dollars, taker_book_side, taker_outcome_side, taker_side, trade_id, ts, ts_ms, yes_price_dollars };
}

/** `msg` at `p`: Kalshi's order first, then any order. */
function readBody(sh: Shape): Record<string, unknown> | undefined {
  if (s.charCodeAt(p) !== 123 /* { */) return undefined;
  const start = p;
  p++;
  const fast = sh === DELTA ? kalshiDelta() : sh === TICKER ? kalshiTicker() : sh === TRADE ? kalshiTrade() : undefined;
  if (fast !== undefined) return fast;
  p = start;
  bad = false;
  return readMsg(sh);
}

function shapeOf(type: string): Shape | undefined {
  switch (type) {
    case 'orderbook_delta':
      return DELTA;
    case 'orderbook_snapshot':
      return SNAPSHOT;
    case 'ticker':
      return TICKER;
    case 'trade':
      return TRADE;
    default:
      return undefined;
  }
}

// Canonical literals, so later `type === '…'` comparisons are pointer comparisons.
const TYPES: Record<string, string> = { orderbook_delta: 'orderbook_delta', orderbook_snapshot: 'orderbook_snapshot', ticker: 'ticker', trade: 'trade' };

function scan(text: string): ScannedMessage | undefined {
  if (!text.startsWith('{"type":', 0)) return undefined;
  s = text;
  p = 8;
  bad = false;
  const typeText = readStr();
  if (bad) return undefined;
  const sh = shapeOf(typeText);
  if (sh === undefined) return undefined;
  const out: Record<string, unknown> = { type: TYPES[typeText] };
  let msg: Record<string, unknown> | undefined;
  let seen = 0;
  for (let i = 0; ; i++) {
    const c = s.charCodeAt(p++);
    if (c === 125) break;
    if (c !== 44) return undefined;
    const key = readKey(i);
    if (bad) return undefined;
    let bit: number;
    switch (key) {
      case '"sid":':
        bit = 1;
        out['sid'] = readInt();
        break;
      case '"seq":':
        bit = 2;
        out['seq'] = readInt();
        break;
      case '"sending_ts_ms":':
        bit = 4;
        out['sending_ts_ms'] = readInt();
        break;
      case '"msg":':
        bit = 8;
        msg = readBody(sh);
        if (msg === undefined) return undefined;
        out['msg'] = msg;
        break;
      default:
        return undefined;
    }
    if (bad || (seen & bit) !== 0) return undefined;
    seen |= bit;
  }
  if (p !== s.length || msg === undefined || (seen & 1) === 0 || (sh.sequenced && (seen & 2) === 0)) return undefined;
  if (sh === TICKER) {
    // TickerBody's completion: these keys are always present (older integer fields are not read here).
    for (const k of TICKER_COMPLETED) if (!(k in msg)) msg[k] = undefined;
  } else if (sh === TRADE) {
    // TradeBody's completion: a YES price (or the complement of a NO price) and a count are required.
    const yesIn = msg['yes_price_dollars'] as number | undefined;
    const noIn = msg['no_price_dollars'] as number | undefined;
    const yes = yesIn ?? (noIn === undefined ? undefined : PRICE_SCALE - noIn);
    if (yes === undefined || msg['count_fp'] === undefined) return undefined;
    msg['yes_price_dollars'] = yes;
    msg['no_price_dollars'] = noIn ?? PRICE_SCALE - yes;
  }
  return out as unknown as ScannedMessage;
}

/**
 * Decodes a hot frame from its text, or returns `undefined` when the frame is not one it
 * recognises with certainty (then use `JSON.parse` + the codec). Never throws.
 *
 * @example
 * scanFrame('{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"M","price_dollars":"0.5600","delta_fp":"-5.00","side":"yes"}}')
 * // { type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'M', price_dollars: 5600, delta_fp: -500, side: 'yes' } }
 */
export function scanFrame(text: string): ScannedMessage | undefined {
  try {
    return scan(text);
  } catch {
    return undefined;
  } finally {
    s = '';
  }
}
