/**
 * The scanner's field tables (one per hot type, mirroring lib/channels: only the newest shapes)
 * and the reader of a `msg` body: its known keys in any order, each once, built in Kalshi's
 * order, so every message of a type has the same hidden class whatever order its frame used. A
 * frame exactly in Kalshi's order (the bulk of a live stream) is taken whole by scan-live.ts
 * before this reader runs.
 *
 * @module
 */
import { codesOf, cur, Kind, matchAt, readStr, readValue } from './scan-readers.js';

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
 * the shape's order: a body with the live set of keys through the shape's `build` literal, any other set
 * of keys in table order, so the hidden class depends on which keys came, never on their order.
 */
export function readBody(sh: Shape): Record<string, unknown> | undefined {
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
