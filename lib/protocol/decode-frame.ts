/**
 * Classifies and decodes one inbound text frame: a reply, a typed data message, a typed
 * unknown message, or a {@link KalshiDecodeError}. Never throws.
 *
 * @module
 */
import type * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { DATA_CODECS, type DataMessage, type UnknownMessage } from './data-message.js';
import { KalshiDecodeError, issuesFromErrors } from './decode-error.js';
import { fastOrderbookDelta, fastOrderbookSnapshot } from './fast-decode.js';
import { ErrorReply, OkReply, type Reply, SubscribedReply, UnsubscribedReply } from './replies.js';

/** What one inbound frame turned out to be. */
export type Frame =
  | { readonly kind: 'reply'; readonly reply: Reply }
  | { readonly kind: 'data'; readonly message: DataMessage }
  | { readonly kind: 'unknown'; readonly message: UnknownMessage }
  | { readonly kind: 'invalid'; readonly error: KalshiDecodeError };

const REPLY_CODECS: Readonly<Record<string, t.Decoder<unknown, Reply>>> = {
  subscribed: SubscribedReply,
  unsubscribed: UnsubscribedReply,
  ok: OkReply,
  error: ErrorReply,
};

const dataCodecs = new Map<string, t.Decoder<unknown, DataMessage>>(
  Object.entries(DATA_CODECS) as [string, t.Decoder<unknown, DataMessage>][],
);

const intOrUndefined = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** Decodes an already-parsed frame object. */
export function decodeParsed(parsed: unknown, text: string): Frame {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'invalid', error: new KalshiDecodeError('parse', [{ path: '', message: 'frame is not a JSON object' }], text) };
  }
  const obj = parsed as Record<string, unknown>;
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
  const dataCodec = dataCodecs.get(type);
  if (dataCodec !== undefined) {
    const result = dataCodec.decode(obj);
    return isRight(result)
      ? { kind: 'data', message: result.right }
      : { kind: 'invalid', error: new KalshiDecodeError('decode', issuesFromErrors(result.left), text, type, sid) };
  }
  const replyCodec = REPLY_CODECS[type];
  if (replyCodec === undefined) {
    return { kind: 'unknown', message: { type, sid, seq: intOrUndefined(obj['seq']), unknown: true, raw: obj } };
  }
  const result = replyCodec.decode(obj);
  return isRight(result)
    ? { kind: 'reply', reply: result.right }
    : { kind: 'invalid', error: new KalshiDecodeError('decode', issuesFromErrors(result.left), text, type, sid) };
}

/**
 * Decodes one text frame.
 *
 * @example
 * const f = decodeFrame('{"type":"ticker","sid":1,"msg":{...}}');
 * if (f.kind === 'data') f.message.type // 'ticker'
 */
export function decodeFrame(text: string): Frame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { kind: 'invalid', error: new KalshiDecodeError('parse', [{ path: '', message: `not JSON (${(e as Error).message})` }], text) };
  }
  return decodeParsed(parsed, text);
}
