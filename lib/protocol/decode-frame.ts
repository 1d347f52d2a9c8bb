/**
 * Classifies and decodes one inbound frame: a reply, a typed data message, a typed unknown
 * message, or a {@link KalshiDecodeError}. Never throws, whatever arrives: hostile keys
 * (`__proto__` as a key or a `type`), any nesting depth, binary frames, any size.
 *
 * @module
 */
import type * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { DATA_CODECS, type DataMessage, type UnknownMessage } from './data-message.js';
import { KalshiDecodeError, issuesFromErrors } from './decode-error.js';
import { fastOrderbookDelta, fastOrderbookSnapshot } from './fast-decode.js';
import { scanFrame } from './scan-decode.js';
import { ErrorReply, OkReply, type Reply, SubscribedReply, UnsubscribedReply } from './replies.js';

/** What one inbound frame turned out to be. */
export type Frame =
  | { readonly kind: 'reply'; readonly reply: Reply }
  | { readonly kind: 'data'; readonly message: DataMessage }
  | { readonly kind: 'unknown'; readonly message: UnknownMessage }
  | { readonly kind: 'invalid'; readonly error: KalshiDecodeError };

// Maps, not object literals: a `type` of "__proto__" or "constructor" must not find a codec.
const replyCodecs = new Map<string, t.Decoder<unknown, Reply>>([
  ['subscribed', SubscribedReply],
  ['unsubscribed', UnsubscribedReply],
  ['ok', OkReply],
  ['error', ErrorReply],
]);

const dataCodecs = new Map<string, t.Decoder<unknown, DataMessage>>(
  Object.entries(DATA_CODECS) as [string, t.Decoder<unknown, DataMessage>][],
);

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const intOrUndefined = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(reason: 'parse' | 'decode', message: string, text: string, type?: string, sid?: number): Frame {
  return { kind: 'invalid', error: new KalshiDecodeError(reason, [{ path: '', message }], text, type, sid) };
}

/** Decodes an already-parsed frame object. */
export function decodeParsed(parsed: unknown, text: string): Frame {
  if (!isObject(parsed)) return invalid('parse', 'frame is not a JSON object', text);
  const obj = parsed;
  const type = obj['type'];
  const sid = intOrUndefined(obj['sid']);
  if (typeof type !== 'string') {
    return { kind: 'invalid', error: new KalshiDecodeError('decode', [{ path: 'type', message: 'missing or not a string' }], text, undefined, sid) };
  }
  // Hot path: order-book messages are checked and converted in place without io-ts; anything
  // the fast check does not accept goes through the codec below (which names the failing path).
  if (type === 'orderbook_delta') {
    // The canonical literal makes every later `type === 'orderbook_delta'` a pointer comparison.
    obj['type'] = 'orderbook_delta';
    const fast = fastOrderbookDelta(obj);
    if (fast !== undefined) return { kind: 'data', message: fast };
  } else if (type === 'orderbook_snapshot') {
    obj['type'] = 'orderbook_snapshot';
    const fast = fastOrderbookSnapshot(obj);
    if (fast !== undefined) return { kind: 'data', message: fast };
  }
  // An own `__proto__` key would become the prototype of the objects io-ts builds while merging.
  if (hasOwn(obj, '__proto__') || (isObject(obj['msg']) && hasOwn(obj['msg'], '__proto__'))) {
    return invalid('decode', 'a "__proto__" key is not allowed', text, type, sid);
  }
  try {
    const dataCodec = dataCodecs.get(type);
    if (dataCodec !== undefined) {
      const result = dataCodec.decode(obj);
      return isRight(result)
        ? { kind: 'data', message: result.right }
        : { kind: 'invalid', error: new KalshiDecodeError('decode', issuesFromErrors(result.left), text, type, sid) };
    }
    const replyCodec = replyCodecs.get(type);
    if (replyCodec === undefined) {
      return { kind: 'unknown', message: { type, sid, seq: intOrUndefined(obj['seq']), unknown: true, raw: obj } };
    }
    const result = replyCodec.decode(obj);
    return isRight(result)
      ? { kind: 'reply', reply: result.right }
      : { kind: 'invalid', error: new KalshiDecodeError('decode', issuesFromErrors(result.left), text, type, sid) };
  } catch (e) {
    // A codec is not supposed to throw; if hostile input makes one, it is still just a bad frame.
    return invalid('decode', `the frame could not be checked (${e instanceof Error ? e.name : 'error'})`, text, type, sid);
  }
}

/**
 * Decodes one text frame.
 *
 * @example
 * const f = decodeFrame('{"type":"ticker","sid":1,"msg":{"market_ticker":"X"}}');
 * if (f.kind === 'data') f.message.type // 'ticker'
 */
export function decodeFrame(text: string): Frame {
  // Hot frames in the shapes Kalshi sends are read straight from the text; anything the scanner
  // does not recognise with certainty is decoded by JSON.parse + the codec below.
  const scanned = scanFrame(text);
  if (scanned !== undefined) return { kind: 'data', message: scanned };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return invalid('parse', `not JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})`, text);
  }
  return decodeParsed(parsed, text);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a frame as the socket delivered it: a string, or a binary frame (`ArrayBuffer`,
 * a Node `Buffer` or any byte view) holding UTF-8 JSON, which is treated like a text frame
 * (Kalshi accepts JSON in binary frames, and may send them). `undefined` when the bytes are
 * not UTF-8 or the value is not a frame.
 */
export function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  try {
    if (data instanceof ArrayBuffer) return utf8.decode(data);
    if (ArrayBuffer.isView(data)) return utf8.decode(data);
    if (Array.isArray(data) && data.every((d) => ArrayBuffer.isView(d))) {
      // ws delivers fragmented binary messages as an array of Buffers when binaryType is 'fragments'.
      return data.map((d: ArrayBufferView) => utf8.decode(d, { stream: true })).join('') + utf8.decode();
    }
  } catch {
    return undefined;
  }
  return undefined;
}
