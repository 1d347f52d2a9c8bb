import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { Command } from '../../lib/protocol/commands.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { DATA_CODECS } from '../../lib/protocol/data-message.js';
import { okMarketTickers, okSubscriptions, type OkReply } from '../../lib/protocol/replies.js';
import { fixture, loadFixtures } from '../fixtures/load-fixtures.js';

const fixtures = loadFixtures();
const commands = fixtures.filter((f) => 'cmd' in JSON.parse(f.text));
const frames = fixtures.filter((f) => !('cmd' in JSON.parse(f.text)));

describe('Command codec', () => {
  it.each(commands.map((f) => [`${f.origin}/${f.name}`, f.text] as const))('decodes %s', (_name, text) => {
    expect(isRight(Command.decode(JSON.parse(text)))).toBe(true);
  });

  it('rejects a subscribe without channels', () => {
    expect(isRight(Command.decode({ id: 1, cmd: 'subscribe', params: {} }))).toBe(false);
  });
});

describe('decodeFrame', () => {
  it.each(frames.map((f) => [`${f.origin}/${f.name}`, f.text] as const))('decodes %s as a known frame', (_name, text) => {
    const frame = decodeFrame(text);
    if (frame.kind === 'invalid') throw frame.error;
    expect(frame.kind).not.toBe('unknown');
  });

  it('has a fixture that decodes for every known data message type', () => {
    const decodedTypes = new Set(frames.map((f) => decodeFrame(f.text)).flatMap((f) => (f.kind === 'data' ? [f.message.type] : [])));
    expect([...decodedTypes].sort()).toEqual(Object.keys(DATA_CODECS).sort());
  });

  it('decodes fixed-point fields into exact integers', () => {
    const f = decodeFrame(fixture('reference', 'orderbook_snapshot'));
    if (f.kind !== 'data' || f.message.type !== 'orderbook_snapshot') throw new Error('not a snapshot');
    expect(f.message.msg.yes_dollars_fp).toEqual([[800, 30000], [2200, 33300]]);
    const d = decodeFrame(fixture('reference', 'orderbook_delta'));
    if (d.kind !== 'data' || d.message.type !== 'orderbook_delta') throw new Error('not a delta');
    expect(d.message.msg.price_dollars).toBe(9600);
    expect(d.message.msg.delta_fp).toBe(-5400);
  });

  it('reads the ok reply in both shapes', () => {
    const newest = decodeFrame(fixture('reference', 'ok'));
    const seed = decodeFrame(fixture('seed', 'ok'));
    if (newest.kind !== 'reply' || seed.kind !== 'reply') throw new Error('not replies');
    expect(okMarketTickers(newest.reply as OkReply)).toEqual(['MARKET-1', 'NEW-MARKET-1']);
    expect(okMarketTickers(seed.reply as OkReply)).toEqual(['MARKET-1', 'MARKET-2', 'MARKET-3']);
  });

  it('reads the list reply in both shapes', () => {
    const newest = decodeFrame(fixture('reference', 'ok-list'));
    const seed = decodeFrame(fixture('seed', 'ok-list'));
    if (newest.kind !== 'reply' || seed.kind !== 'reply') throw new Error('not replies');
    expect(okSubscriptions(newest.reply as OkReply)).toEqual([{ channel: 'orderbook_delta', sid: 1 }, { channel: 'ticker', sid: 2 }]);
    expect(okSubscriptions(seed.reply as OkReply)?.map((s) => s.sid)).toEqual([1, 2, 3]);
  });

  it('passes an unknown type on as a typed unknown message', () => {
    const f = decodeFrame('{"type":"brand_new","sid":4,"seq":2,"msg":{"x":1}}');
    expect(f).toMatchObject({ kind: 'unknown', message: { type: 'brand_new', sid: 4, seq: 2, unknown: true } });
  });

  it.each([
    ['not JSON', '{"type":', /not JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    ['no type', '{"sid":1}', /type: missing/],
  ])('reports %s as a parse/decode error', (_what, text, pattern) => {
    const f = decodeFrame(text);
    expect(f.kind).toBe('invalid');
    if (f.kind === 'invalid') expect(f.error.message).toMatch(pattern);
  });
});

type Mutation = readonly [name: string, fixture: string, mutate: (o: Record<string, any>) => void, path: string];

const mutations: Mutation[] = [
  ['sid as a string', 'orderbook_delta', (o) => { o.sid = 'two'; }, 'sid'],
  ['missing seq on a sequenced channel', 'orderbook_snapshot', (o) => { delete o.seq; }, 'seq'],
  ['missing market_ticker', 'orderbook_delta', (o) => { delete o.msg.market_ticker; }, 'msg.market_ticker'],
  ['bad fixed-point price', 'orderbook_delta', (o) => { o.msg.price_dollars = '0.96001'; }, 'msg.price_dollars'],
  ['bad fixed-point count', 'orderbook_delta', (o) => { o.msg.delta_fp = 'lots'; }, 'msg.delta_fp'],
  ['number instead of price string', 'ticker', (o) => { o.msg.yes_bid_dollars = 0.45; }, 'msg.yes_bid_dollars'],
  ['bad snapshot level', 'orderbook_snapshot', (o) => { o.msg.no_dollars_fp[1][1] = '1.234'; }, 'msg.no_dollars_fp[1][1]'],
  ['unknown side', 'orderbook_delta', (o) => { o.msg.side = 'maybe'; }, 'msg.side'],
  ['missing trade count', 'trade', (o) => { delete o.msg.count_fp; }, 'msg.count_fp'],
  ['fee as a number', 'fill', (o) => { o.msg.fee_cost = 0.01; }, 'msg.fee_cost'],
  ['order status as a number', 'user_order', (o) => { o.msg.status = 3; }, 'msg.status'],
  ['missing subscribed sid', 'subscribed', (o) => { delete o.msg.sid; }, 'msg.sid'],
  ['error code as a string', 'error-14', (o) => { o.msg.code = '14'; }, 'msg.code'],
  ['lifecycle event type as a number', 'market_lifecycle_v2', (o) => { o.msg.event_type = 7; }, 'msg.event_type'],
  ['a ticker price of five decimals', 'ticker', (o) => { o.msg.price_dollars = '0.12345'; }, 'msg.price_dollars'],
  ['a trade without any price', 'trade', (o) => { delete o.msg.yes_price_dollars; delete o.msg.no_price_dollars; }, 'msg.yes_price_dollars'],
];

describe('decodeFrame on mutated fixtures', () => {
  it.each(mutations)('rejects %s naming the path', (_name, name, mutate, path) => {
    const obj = JSON.parse(fixture('reference', name));
    mutate(obj);
    const f = decodeFrame(JSON.stringify(obj));
    expect(f.kind).toBe('invalid');
    if (f.kind !== 'invalid') return;
    expect(f.error.issues.map((i) => i.path)).toContain(path);
    expect(f.error.message).toContain(path);
    expect(f.error.type).toBe(obj.type);
  });
});
