/**
 * Hot-path decoders for the order-book messages (the firehose): a hand-written check that
 * converts the fixed-point fields in place, allocating nothing beyond what JSON.parse made.
 * They accept exactly what the io-ts codecs accept and produce deeply equal values (proven by
 * property tests in spec/protocol/fast-decode.spec.ts); on anything else they return
 * `undefined` and the caller falls back to the codec, which builds the error with its path.
 * The codecs stay the single source of truth for types and error messages.
 *
 * @module
 */
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import { parseScaled } from './fixed-point.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optNumber = (v: unknown): boolean => v === undefined || typeof v === 'number';
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function envelopeOk(o: Obj): boolean {
  return typeof o['sid'] === 'number' && typeof o['seq'] === 'number' && optNumber(o['sending_ts_ms']) && isObj(o['msg']);
}

function price(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = parseScaled(v, 4);
  return n !== undefined && n >= 0 && n <= 10_000 ? n : undefined;
}

function countValue(v: unknown, signed: boolean): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = parseScaled(v, 2);
  return n !== undefined && (signed || n >= 0) ? n : undefined;
}

/** Decodes a parsed `orderbook_delta` in place, or returns undefined (use the codec then). */
export function fastOrderbookDelta(o: Obj): OrderbookDelta | undefined {
  if (!envelopeOk(o)) return undefined;
  const m = o['msg'] as Obj;
  const side = m['side'];
  if (typeof m['market_ticker'] !== 'string' || !optString(m['market_id']) || (side !== 'yes' && side !== 'no')) return undefined;
  if (!optString(m['client_order_id']) || !optNumber(m['subaccount']) || !optNumber(m['ts_ms']) || !optString(m['ts']) || !optNumber(m['price']) || !optNumber(m['delta'])) return undefined;
  const p = price(m['price_dollars']);
  const d = countValue(m['delta_fp'], true);
  if (p === undefined || d === undefined) return undefined;
  m['price_dollars'] = p;
  m['delta_fp'] = d;
  return o as unknown as OrderbookDelta;
}

function levels(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const level of v) {
    if (!Array.isArray(level) || level.length < 2) return false;
    if (price(level[0]) === undefined || countValue(level[1], false) === undefined) return false;
  }
  return true;
}

function convertLevels(v: unknown[]): void {
  for (const level of v as unknown[][]) {
    level[0] = price(level[0]);
    level[1] = countValue(level[1], false);
    level.length = 2; // io-ts tuples drop extra components
  }
}

function legacyLevels(v: unknown, first: 'number' | 'string'): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (const level of v) {
    if (!Array.isArray(level) || level.length < 2 || typeof level[0] !== first || typeof level[1] !== 'number') return false;
  }
  return true;
}

function truncateLevels(v: unknown): void {
  if (Array.isArray(v)) for (const level of v as unknown[][]) level.length = 2;
}

/** Decodes a parsed `orderbook_snapshot` in place, or returns undefined (use the codec then). */
export function fastOrderbookSnapshot(o: Obj): OrderbookSnapshot | undefined {
  if (!envelopeOk(o)) return undefined;
  const m = o['msg'] as Obj;
  if (typeof m['market_ticker'] !== 'string' || !optString(m['market_id'])) return undefined;
  const yes = m['yes_dollars_fp'];
  const no = m['no_dollars_fp'];
  if ((yes !== undefined && !levels(yes)) || (no !== undefined && !levels(no))) return undefined;
  if (!legacyLevels(m['yes'], 'number') || !legacyLevels(m['no'], 'number') || !legacyLevels(m['yes_dollars'], 'string') || !legacyLevels(m['no_dollars'], 'string')) return undefined;
  if (yes !== undefined) convertLevels(yes as unknown[]);
  if (no !== undefined) convertLevels(no as unknown[]);
  for (const k of ['yes', 'no', 'yes_dollars', 'no_dollars']) truncateLevels(m[k]);
  return o as unknown as OrderbookSnapshot;
}
