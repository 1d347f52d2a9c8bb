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

interface Field {
  readonly name: string;
  /** `"name":`, matched in place on the fast path. */
  readonly quoted: string;
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
  const order = spec.map(([name, kind], i): Field => ({ name, quoted: `"${name}":`, kind, bit: 1 << i }));
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

// Scanner state: the text and the position, module-level so readers return plain values.
let s = '';
let p = 0;
let bad = false;

const Q = 34; // "
const BACKSLASH = 92;

/** A string at `p` (which must be `"`) without escapes or control characters; sets `bad` otherwise. */
function readStr(): string {
  if (s.charCodeAt(p) !== Q) {
    bad = true;
    return '';
  }
  const start = ++p;
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === Q) break;
    if (c === BACKSLASH || c < 0x20 || c !== c) { // escape, control character, or the end of the text (NaN)
      bad = true;
      return '';
    }
    p++;
  }
  return s.slice(start, p++);
}

/** An integer `0` or `[1-9][0-9]{0,14}` ending at a `,` or `}` (anything else: `bad`). */
function readInt(): number {
  let c = s.charCodeAt(p) - 48;
  if (!(c >= 0 && c <= 9)) { // NaN at the end of the text is not a digit
    bad = true;
    return 0;
  }
  let v = c;
  p++;
  if (c !== 0) {
    for (let n = 1; ; n++) {
      c = s.charCodeAt(p) - 48;
      if (!(c >= 0 && c <= 9)) break;
      if (n === 15) {
        bad = true;
        return 0;
      }
      v = v * 10 + c;
      p++;
    }
  }
  const next = s.charCodeAt(p);
  if (next !== 44 /* , */ && next !== 125 /* } */) bad = true;
  return v;
}

/**
 * A fixed-point string at `p` read into an integer with `decimals` implied decimals, exactly as
 * `parseScaled` reads the string's content (`-?digits(.digits*)?`, at most `decimals` decimals,
 * a safe integer, `-0` is 0). `""` returns undefined (the caller decides what "" means).
 */
function readScaled(decimals: number): number | undefined {
  if (s.charCodeAt(p) !== Q) {
    bad = true;
    return undefined;
  }
  p++;
  if (s.charCodeAt(p) === Q) {
    p++;
    return undefined;
  }
  let negative = false;
  if (s.charCodeAt(p) === 45 /* - */) {
    negative = true;
    p++;
  }
  let value = 0;
  let intDigits = 0;
  let c = s.charCodeAt(p) - 48;
  while (c >= 0 && c <= 9) {
    value = value * 10 + c;
    intDigits++;
    c = s.charCodeAt(++p) - 48;
  }
  if (intDigits === 0) {
    bad = true;
    return undefined;
  }
  let fracDigits = 0;
  if (c === 46 - 48 /* . */) {
    c = s.charCodeAt(++p) - 48;
    while (c >= 0 && c <= 9) {
      if (++fracDigits > decimals) {
        bad = true;
        return undefined;
      }
      value = value * 10 + c;
      c = s.charCodeAt(++p) - 48;
    }
  }
  if (c !== Q - 48) {
    bad = true;
    return undefined;
  }
  p++;
  for (; fracDigits < decimals; fracDigits++) value *= 10;
  if (!Number.isSafeInteger(value)) {
    bad = true;
    return undefined;
  }
  return negative && value !== 0 ? -value : value;
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
function readKey(expected: string | undefined): string {
  if (expected !== undefined && s.startsWith(expected, p)) {
    p += expected.length;
    return expected;
  }
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
  if (expected !== undefined && s.startsWith(expected.quoted, p)) {
    p += expected.quoted.length;
    return expected;
  }
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
    const key = readKey(ENVELOPE_KEYS[i]);
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
        msg = readMsg(sh);
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
    msg['price_dollars'] = msg['price_dollars'];
    msg['yes_bid_dollars'] = msg['yes_bid_dollars'];
    msg['yes_ask_dollars'] = msg['yes_ask_dollars'];
    msg['volume_fp'] = msg['volume_fp'];
    msg['open_interest_fp'] = msg['open_interest_fp'];
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
