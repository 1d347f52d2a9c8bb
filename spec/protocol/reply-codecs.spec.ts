// Replies as a user of decodeFrame sees them: every declared field of every reply is checked
// (a wrong-kind value is a decode error at that path), a union (ok's `msg`) is named by its key
// only, io-ts's PathReporter names the reply codecs, and okMarketTickers / okSubscriptions read
// whichever shape came.
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { ErrorReply, OkReply, okMarketTickers, okSubscriptions, SubscribedReply, UnsubscribedReply } from '../../lib/protocol/replies.js';

/** The issue paths of a frame that must not decode. */
function paths(frame: object): string[] {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'invalid') throw new Error(`expected invalid, got ${f.kind}`);
  return f.error.issues.map((i) => i.path);
}
function ok(frame: object): OkReply {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'reply' || f.reply.type !== 'ok') throw new Error(`expected an ok reply, got ${f.kind}`);
  return f.reply;
}

const W = { wrong: true };
const replies: [string, Record<string, unknown>, string[]][] = [
  ['subscribed', { type: 'subscribed', id: 1, msg: { channel: 'ticker', sid: 1 } }, ['id', 'msg.channel', 'msg.sid']],
  ['unsubscribed', { type: 'unsubscribed', id: 2, sid: 1, seq: 3 }, ['id', 'sid', 'seq']],
  ['ok', { type: 'ok', id: 3, sid: 1, seq: 4, msg: { market_tickers: ['A'], market_ids: ['a'] }, market_tickers: ['A'], market_ids: ['a'], subscriptions: [{ channel: 'ticker', sid: 1 }] },
    ['id', 'sid', 'seq', 'market_tickers', 'market_ids', 'subscriptions[0].channel', 'subscriptions[0].sid']],
  ['error', { type: 'error', id: 4, sid: 1, seq: 5, msg: { code: 12, msg: 'Market not found', market_ticker: 'A', market_id: 'a' } },
    ['id', 'sid', 'seq', 'msg.code', 'msg.msg', 'msg.market_ticker', 'msg.market_id']],
];

/** `frame` with the value at `path` (dots and one `[0]`) replaced by a wrong-kind value. */
function spoil(frame: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = structuredClone(frame);
  const keys = path.replace('[0]', '.0').split('.');
  let o = copy;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys[keys.length - 1] as string] = W;
  return copy;
}

describe('every declared reply field is checked', () => {
  it.each(replies.flatMap(([type, frame, fields]) => fields.map((f) => [type, f, frame] as const)))('%s: %s', (_type, field, frame) => {
    expect(decodeFrame(JSON.stringify(frame)).kind).toBe('reply');
    expect(paths(spoil(frame, field))).toContain(field);
  });

  it('ok: msg in either shape, each checked; a msg of neither shape is an error at `msg` (not at a union member)', () => {
    expect(ok({ type: 'ok', msg: [{ channel: 'ticker', sid: 2 }] }).msg).toEqual([{ channel: 'ticker', sid: 2 }]);
    expect(paths({ type: 'ok', msg: { market_tickers: [5] } })).toContain('msg.market_tickers[0]');
    expect(paths({ type: 'ok', msg: { market_ids: [5] } })).toContain('msg.market_ids[0]');
    expect(paths({ type: 'ok', msg: [{ channel: 'ticker', sid: 'x' }] })).toContain('msg[0].sid');
    expect([...new Set(paths({ type: 'ok', msg: 5 }))]).toEqual(['msg']);
  });
});

describe('okMarketTickers / okSubscriptions', () => {
  it('read msg.market_tickers, else the top-level field (also when msg carries only market_ids)', () => {
    expect(okMarketTickers(ok({ type: 'ok', msg: { market_tickers: ['A'] }, market_tickers: ['B'] }))).toEqual(['A']);
    expect(okMarketTickers(ok({ type: 'ok', msg: { market_ids: ['a'] }, market_tickers: ['B'] }))).toEqual(['B']);
    expect(okMarketTickers(ok({ type: 'ok', msg: [{ channel: 'ticker', sid: 1 }], market_tickers: ['C'] }))).toEqual(['C']);
    expect(okMarketTickers(ok({ type: 'ok' }))).toBeUndefined();
    expect(okSubscriptions(ok({ type: 'ok', msg: { market_tickers: ['A'] }, subscriptions: [{ channel: 'trade', sid: 3 }] }))).toEqual([{ channel: 'trade', sid: 3 }]);
  });
});

describe('PathReporter names the reply codecs', () => {
  const report = (codec: t.Decoder<unknown, unknown>, value: unknown): string => PathReporter.report(codec.decode(value)).join('\n');
  it.each([
    [SubscribedReply, { type: 'subscribed' }, 'SubscribedReply'],
    [UnsubscribedReply, { type: 'unsubscribed' }, 'UnsubscribedReply'],
    [OkReply, { type: 'nope' }, 'OkReply'],
    [OkReply, { type: 'ok', msg: [{ channel: 1, sid: 1 }] }, 'SubscriptionInfo'],
    [OkReply, { type: 'ok', msg: { market_tickers: 5 } }, 'OkMarkets'],
    [ErrorReply, { type: 'error' }, 'ErrorReply'],
  ] as const)('%#: %s', (codec, value, name) => {
    expect(report(codec, value)).toContain(name);
  });
});
