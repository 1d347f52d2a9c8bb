/**
 * The scanner's field tables (one per hot type, mirroring lib/channels: only the newest shapes)
 * and the readers of a `msg` body: Kalshi's own field order without allocating, any order of
 * known keys otherwise. Either way the body is built in Kalshi's order, so every message of a
 * type has the same hidden class whatever order its frame used.
 *
 * @module
 */
import { codesOf, cur, Kind, matchAt, readInt, readStr, readValue } from './scan-readers.js';

export interface Field {
  readonly name: string;
  /** `"name":`, matched in place on the fast path. */
  readonly quoted: string;
  readonly codes: Uint16Array;
  readonly kind: Kind;
  /** For duplicates and required keys. */
  readonly bit: number;
}

export interface Shape {
  /** Known keys of `msg` (a Map: `__proto__` finds nothing). */
  readonly byName: ReadonlyMap<string, Field>;
  /** The keys in the order Kalshi sends them, for the no-allocation fast path. */
  readonly order: readonly Field[];
  readonly required: number;
  readonly sequenced: boolean;
  /** The fields of a live frame (the first `live` of `order`), as a mask. */
  readonly live: number;
  /** Builds a live body from its values in `order` (the same literal as the Kalshi-order reader). */
  readonly build: ((v: readonly unknown[]) => Record<string, unknown>) | undefined;
}

function shape(spec: readonly (readonly [string, Kind])[], required: readonly string[], sequenced: boolean, live = 0, build?: (v: readonly unknown[]) => Record<string, unknown>): Shape {
  const order = spec.map(([name, kind], i): Field => ({ name, quoted: `"${name}":`, codes: codesOf(`"${name}":`), kind, bit: 1 << i }));
  const byName = new Map(order.map((f) => [f.name, f]));
  let mask = 0;
  for (const k of required) mask |= (byName.get(k) as Field).bit;
  return { byName, order, required: mask, sequenced, live: (1 << live) - 1, build };
}

// Field tables mirror lib/channels (only the newest shapes: older integer fields are left to the codec).
export const DELTA = shape([
  ['market_ticker', Kind.Str], ['market_id', Kind.Str], ['price_dollars', Kind.Price], ['delta_fp', Kind.Count], ['side', Kind.Side],
  ['ts', Kind.Str], ['ts_ms', Kind.Int], ['client_order_id', Kind.Str], ['subaccount', Kind.Int],
], ['market_ticker', 'price_dollars', 'delta_fp', 'side'], true, 7, (v) => ({ market_ticker: v[0], market_id: v[1], price_dollars: v[2], delta_fp: v[3], side: v[4], ts: v[5], ts_ms: v[6] }));

export const SNAPSHOT = shape([
  ['market_ticker', Kind.Str], ['market_id', Kind.Str], ['yes_dollars_fp', Kind.Levels], ['no_dollars_fp', Kind.Levels],
], ['market_ticker'], true);

export const TICKER = shape([
  ['market_ticker', Kind.Str], ['market_id', Kind.Str], ['price_dollars', Kind.PriceOpt], ['yes_bid_dollars', Kind.PriceOpt],
  ['yes_ask_dollars', Kind.PriceOpt], ['volume_fp', Kind.CountOpt], ['open_interest_fp', Kind.CountOpt], ['dollar_volume', Kind.Int],
  ['dollar_open_interest', Kind.Int], ['yes_bid_size_fp', Kind.CountOpt], ['yes_ask_size_fp', Kind.CountOpt],
  ['last_trade_size_fp', Kind.CountOpt], ['ts', Kind.Int], ['ts_ms', Kind.Int], ['time', Kind.Str],
], ['market_ticker'], false);

// Trades arrive in alphabetical key order on the live wire.
export const TRADE = shape([
  ['count_fp', Kind.CountOpt], ['market_ticker', Kind.Str], ['no_price_dollars', Kind.PriceOpt], ['taker_book_side', Kind.BookSide],
  ['taker_outcome_side', Kind.Side], ['taker_side', Kind.Side], ['trade_id', Kind.Str], ['ts', Kind.Int], ['ts_ms', Kind.Int],
  ['yes_price_dollars', Kind.PriceOpt], ['is_block_trade', Kind.Bool],
], ['market_ticker'], false, 10, (v) => ({
  count_fp: v[0], market_ticker: v[1], no_price_dollars: v[2], taker_book_side: v[3], taker_outcome_side: v[4], taker_side: v[5], trade_id: v[6], ts: v[7], ts_ms: v[8], yes_price_dollars: v[9],
}));

/** The field of `msg` at `p`: the `i`-th in Kalshi order without allocating, or any known key. */
function readField(sh: Shape, i: number): Field | undefined {
  const expected = sh.order[i];
  if (expected !== undefined && matchAt(expected.codes)) return expected;
  const key = readStr();
  if (cur.bad || cur.s.charCodeAt(cur.p) !== 58 /* : */) return undefined;
  cur.p++;
  return sh.byName.get(key);
}

// Values of one body by field index (reused; cleared after each body).
const values: unknown[] = [];

/**
 * Reads `msg` (an object of `shape`'s keys, each once, in any order) at `p`, and builds it in
 * the shape's order: a live body as the Kalshi-order reader's literal, any other set of keys
 * in table order, so the hidden class depends on which keys came, never on their order.
 */
function readMsg(sh: Shape): Record<string, unknown> | undefined {
  if (cur.s.charCodeAt(cur.p) !== 123 /* { */) return undefined;
  cur.p++;
  let seen = 0;
  if (cur.s.charCodeAt(cur.p) === 125) {
    cur.p++;
  } else {
    for (let i = 0; ; i++) {
      const field = readField(sh, i);
      if (field === undefined || (seen & field.bit) !== 0) return clear(seen);
      seen |= field.bit;
      values[31 - Math.clz32(field.bit)] = readValue(field.kind);
      if (cur.bad) return clear(seen);
      const c = cur.s.charCodeAt(cur.p++);
      if (c === 125) break;
      if (c !== 44) return clear(seen);
    }
  }
  if ((seen & sh.required) !== sh.required) return clear(seen);
  let out: Record<string, unknown>;
  if (seen === sh.live && sh.build !== undefined) out = sh.build(values);
  else {
    out = {};
    for (let i = 0; i < sh.order.length; i++) if ((seen & (1 << i)) !== 0) out[(sh.order[i] as Field).name] = values[i];
  }
  clear(seen);
  return out;
}

/** Forgets the values of a body (no frame's strings stay reachable); returns undefined. */
function clear(seen: number): undefined {
  for (let i = 0; seen !== 0; i++, seen >>>= 1) if ((seen & 1) !== 0) values[i] = undefined;
  return undefined;
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
  if (cur.bad || !next(K_MARKET_ID)) return undefined;
  const market_id = readStr();
  if (cur.bad || !next(K_PRICE)) return undefined;
  const price_dollars = readValue(Kind.Price);
  if (cur.bad || !next(K_DELTA)) return undefined;
  const delta_fp = readValue(Kind.Count);
  if (cur.bad || !next(K_SIDE)) return undefined;
  const side = readValue(Kind.Side);
  if (cur.bad) return undefined;
  // `ts` and `ts_ms` may be absent (older frames, other producers): absent keys stay absent.
  const hasTs = next(K_TS);
  const ts = hasTs ? readStr() : undefined;
  if (cur.bad) return undefined;
  const hasTsMs = next(K_TS_MS);
  const ts_ms = hasTsMs ? readInt() : undefined;
  if (cur.bad || cur.s.charCodeAt(cur.p) !== 125) return undefined;
  cur.p++;
  if (hasTs && hasTsMs) return { market_ticker, market_id, price_dollars, delta_fp, side, ts, ts_ms };
  if (hasTsMs) return { market_ticker, market_id, price_dollars, delta_fp, side, ts_ms };
  return hasTs ? { market_ticker, market_id, price_dollars, delta_fp, side, ts } : { market_ticker, market_id, price_dollars, delta_fp, side };
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
  if (cur.bad || !next(K_MARKET_ID)) return undefined;
  const market_id = readStr();
  if (cur.bad || !next(K_PRICE)) return undefined;
  const price_dollars = readValue(Kind.PriceOpt);
  if (cur.bad || !next(K_YES_BID)) return undefined;
  const yes_bid_dollars = readValue(Kind.PriceOpt);
  if (cur.bad || !next(K_YES_ASK)) return undefined;
  const yes_ask_dollars = readValue(Kind.PriceOpt);
  if (cur.bad || !next(K_VOLUME)) return undefined;
  const volume_fp = readValue(Kind.CountOpt);
  if (cur.bad || !next(K_OI)) return undefined;
  const open_interest_fp = readValue(Kind.CountOpt);
  if (cur.bad || !next(K_BID_SIZE)) return undefined;
  const yes_bid_size_fp = readValue(Kind.CountOpt);
  if (cur.bad || !next(K_ASK_SIZE)) return undefined;
  const yes_ask_size_fp = readValue(Kind.CountOpt);
  if (cur.bad || !next(K_LAST_SIZE)) return undefined;
  const last_trade_size_fp = readValue(Kind.CountOpt);
  if (cur.bad || !next(K_TS)) return undefined;
  const ts = readInt();
  if (cur.bad || !next(K_TS_MS)) return undefined;
  const ts_ms = readInt();
  if (cur.bad || cur.s.charCodeAt(cur.p) !== 125) return undefined;
  cur.p++;
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
  if (cur.bad || !next(K_TICKER)) return undefined;
  const market_ticker = readStr();
  if (cur.bad || !next(K_NO_PRICE)) return undefined;
  const no_price_dollars = readValue(Kind.PriceOpt);
  if (cur.bad || !next(K_BOOK_SIDE)) return undefined;
  const taker_book_side = readValue(Kind.BookSide);
  if (cur.bad || !next(K_OUTCOME_SIDE)) return undefined;
  const taker_outcome_side = readValue(Kind.Side);
  if (cur.bad || !next(K_TAKER_SIDE)) return undefined;
  const taker_side = readValue(Kind.Side);
  if (cur.bad || !next(K_TRADE_ID)) return undefined;
  const trade_id = readStr();
  if (cur.bad || !next(K_TS)) return undefined;
  const ts = readInt();
  if (cur.bad || !next(K_TS_MS)) return undefined;
  const ts_ms = readInt();
  if (cur.bad || !next(K_YES_PRICE)) return undefined;
  const yes_price_dollars = readValue(Kind.PriceOpt);
  if (cur.bad || cur.s.charCodeAt(cur.p) !== 125) return undefined;
  cur.p++;
  return { count_fp, market_ticker, no_price_dollars, taker_book_side, taker_outcome_side, taker_side, trade_id, ts, ts_ms, yes_price_dollars };
}

/** `msg` at `p`: Kalshi's order first, then any order. */
export function readBody(sh: Shape): Record<string, unknown> | undefined {
  if (cur.s.charCodeAt(cur.p) !== 123 /* { */) return undefined;
  const start = cur.p;
  cur.p++;
  const fast = sh === DELTA ? kalshiDelta() : sh === TICKER ? kalshiTicker() : sh === TRADE ? kalshiTrade() : undefined;
  if (fast !== undefined) return fast;
  cur.p = start;
  cur.bad = false;
  return readMsg(sh);
}

export function shapeOf(type: string): Shape | undefined {
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
