/**
 * A shape-specialized decoder for the hot frames (`orderbook_delta`, `orderbook_snapshot`,
 * `ticker`, `trade`): it reads the frame text once, left to right, straight into the decoded
 * message (prices and counts integer-scaled as the codecs make them), without `JSON.parse`.
 *
 * It accepts only what it recognises with certainty: compact JSON (no whitespace), envelope keys
 * and the keys it knows for the type in any order and each once (a `msg` before `type` is skipped
 * and read once the type is known), strings without escapes or control characters, integers
 * where the codec wants a number (no sign, fraction or exponent), the newest field shapes. On anything else it returns `undefined` and the caller
 * decodes with `JSON.parse` + the codec, so behaviour is defined by the codecs alone
 * (docs/decode-policy.md); the property tests in spec/protocol/scan-decode.spec.ts prove the two
 * paths equal on valid frames and on near-misses built to break this one. The readers are in
 * scan-readers.ts, the field tables and `msg` readers in scan-shapes.ts; a frame exactly in
 * Kalshi's live shape is matched first by scan-live.ts.
 *
 * @module
 */
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import { PRICE_SCALE } from './fixed-point.js';
import { codesOf, cur, matchAt, readInt, readStr, skipObject } from './scan-readers.js';
import { DELTA, readBody, type Shape, shapeOf, SNAPSHOT, TICKER, TRADE } from './scan-shapes.js';
import { scanLive } from './scan-live.js';

/** What the scanner decodes. */
export type ScannedMessage = OrderbookDelta | OrderbookSnapshot | Ticker | Trade;

const ENVELOPE_KEYS = ['"type":', '"sid":', '"seq":', '"msg":'] as const;
const ENVELOPE_CODES = ENVELOPE_KEYS.map(codesOf);

/** The fields TickerBody's completion always sets (to `undefined` when absent). */
const TICKER_COMPLETED = ['price_dollars', 'yes_bid_dollars', 'yes_ask_dollars', 'volume_fp', 'open_interest_fp'] as const;

/** A key at `p` (`"key":`): the expected one without allocating, or any plain key (as `"key":`). */
function readKey(i: number): string {
  const expected = ENVELOPE_CODES[i];
  if (expected !== undefined && matchAt(expected)) return ENVELOPE_KEYS[i] as string;
  // Another envelope order: the known keys are still matched in place.
  for (let k = 0; k < ENVELOPE_CODES.length; k++) if (k !== i && matchAt(ENVELOPE_CODES[k] as Uint16Array)) return ENVELOPE_KEYS[k] as string;
  const key = readStr();
  if (cur.bad || cur.s.charCodeAt(cur.p) !== 58 /* : */) {
    cur.bad = true;
    return '';
  }
  cur.p++;
  return `"${key}":`;
}

// Canonical literals, so later `type === '…'` comparisons are pointer comparisons.
const TYPES: Record<string, string> = { orderbook_delta: 'orderbook_delta', orderbook_snapshot: 'orderbook_snapshot', ticker: 'ticker', trade: 'trade' };

/** Kalshi's own envelope, `{"type":"…","sid":`, per hot type. */
const ENVELOPES = ([['orderbook_delta', DELTA], ['ticker', TICKER], ['trade', TRADE], ['orderbook_snapshot', SNAPSHOT]] as const)
  .map(([type, shape]) => ({ type, shape, codes: codesOf(`{"type":"${type}","sid":`) }));
const K_SEQ = codesOf(',"seq":');
const K_MSG = codesOf(',"msg":');

/** A frame in Kalshi's envelope order (`type`, `sid`, `seq` if any, `msg`), read without key lookups; undefined otherwise. */
function kalshiFrame(): Record<string, unknown> | undefined {
  for (const e of ENVELOPES) {
    if (!matchAt(e.codes)) continue;
    const sid = readInt();
    if (cur.bad) return undefined;
    const sequenced = matchAt(K_SEQ);
    const seq = sequenced ? readInt() : 0;
    if (cur.bad || (e.shape.sequenced && !sequenced) || !matchAt(K_MSG)) return undefined;
    const msg = readBody(e.shape);
    if (msg === undefined || cur.s.charCodeAt(cur.p) !== 125 || cur.p + 1 !== cur.s.length || !complete(e.shape, msg)) return undefined;
    return sequenced ? { type: e.type, sid, seq, msg } : { type: e.type, sid, msg };
  }
  return undefined;
}

/** The codecs' completion of a body (ticker keys always present, a trade's prices both set); false when the codec would refuse it. */
function complete(sh: Shape, msg: Record<string, unknown>): boolean {
  if (sh === TICKER) {
    // TickerBody's completion: these keys are always present (older integer fields are not read here).
    for (const k of TICKER_COMPLETED) if (!(k in msg)) msg[k] = undefined;
  } else if (sh === TRADE) {
    // TradeBody's completion: a YES price (or the complement of a NO price) and a count are required.
    const yesIn = msg['yes_price_dollars'] as number | undefined;
    const noIn = msg['no_price_dollars'] as number | undefined;
    const yes = yesIn ?? (noIn === undefined ? undefined : PRICE_SCALE - noIn);
    if (yes === undefined || msg['count_fp'] === undefined) return false;
    msg['yes_price_dollars'] = yes;
    msg['no_price_dollars'] = noIn ?? PRICE_SCALE - yes;
  }
  return true;
}

function scan(text: string): ScannedMessage | undefined {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  // A hot frame exactly as Kalshi sends it (most of a live stream): one compiled regular expression.
  const live = scanLive(text);
  if (live !== undefined) return live;
  cur.s = text;
  cur.p = 0;
  cur.bad = false;
  const fast = kalshiFrame();
  if (fast !== undefined) return fast as unknown as ScannedMessage;
  // Any other envelope order (or a near-miss): key by key, from the start.
  cur.p = 1;
  cur.bad = false;
  let typeText: string | undefined;
  let sh: Shape | undefined;
  let sid = 0;
  let seq: number | undefined;
  let sendingTs: number | undefined;
  let msg: Record<string, unknown> | undefined;
  // A `msg` before `type` is skipped and read once the type is known.
  let msgAt = -1;
  let msgEnd = -1;
  let seen = 0;
  for (let i = 0; ; i++) {
    const key = readKey(i);
    if (cur.bad) return undefined;
    let bit: number;
    switch (key) {
      case '"type":':
        bit = 16;
        typeText = readStr();
        sh = cur.bad ? undefined : shapeOf(typeText);
        if (sh === undefined) return undefined;
        break;
      case '"sid":':
        bit = 1;
        sid = readInt();
        break;
      case '"seq":':
        bit = 2;
        seq = readInt();
        break;
      case '"sending_ts_ms":':
        bit = 4;
        sendingTs = readInt();
        break;
      case '"msg":':
        bit = 8;
        if (sh !== undefined) {
          msg = readBody(sh);
          if (msg === undefined) return undefined;
        } else {
          msgAt = cur.p;
          if (!skipObject()) return undefined;
          msgEnd = cur.p;
        }
        break;
      default:
        return undefined;
    }
    if (cur.bad || (seen & bit) !== 0) return undefined;
    seen |= bit;
    const c = cur.s.charCodeAt(cur.p++);
    if (c === 125) break;
    if (c !== 44) return undefined;
  }
  if (cur.p !== cur.s.length || sh === undefined || typeText === undefined || (seen & 9) !== 9 || (sh.sequenced && (seen & 2) === 0)) return undefined;
  if (msg === undefined) {
    cur.p = msgAt;
    msg = readBody(sh);
    if (msg === undefined || cur.p !== msgEnd) return undefined;
  }
  // One property order whatever the frame's order, absent keys absent (as JSON.parse leaves them).
  const out: Record<string, unknown> = (seen & 6) === 2 ? { type: TYPES[typeText], sid, seq, msg } : (seen & 6) === 0 ? { type: TYPES[typeText], sid, msg } : { type: TYPES[typeText], sid };
  if ((seen & 6) === 6 || (seen & 6) === 4) {
    if (seq !== undefined) out['seq'] = seq;
    out['sending_ts_ms'] = sendingTs;
    out['msg'] = msg;
  }
  return complete(sh, msg) ? (out as unknown as ScannedMessage) : undefined;
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
    cur.s = '';
  }
}
