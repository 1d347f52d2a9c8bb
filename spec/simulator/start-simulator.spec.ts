import { afterEach, describe, expect, it } from 'vitest';
import { createSigner } from '../../lib/auth/create-signer.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator, SimulatorOptions } from '../../lib/simulator/simulator-api.js';
import { testKeys } from '../helpers/keys.js';
import { type RawClient, rawClient } from '../helpers/raw-client.js';

const MARKETS = ['SIM-A', 'SIM-B', 'SIM-C'];
let sim: Simulator | undefined;
const clients: RawClient[] = [];

async function setup(options: SimulatorOptions = {}): Promise<{ sim: Simulator; c: RawClient }> {
  sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 3, ...options });
  const c = await rawClient(sim.url);
  clients.push(c);
  return { sim, c };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim?.close();
  sim = undefined;
});

const byId = (id: number) => (f: any) => f.id === id;
const ofType = (type: string) => (f: any) => f.type === type;

describe('startSimulator: commands as the reference shows them', () => {
  it('answers subscribe with subscribed and a snapshot per market at seq 1, 2 that equals the true book', async () => {
    const { sim, c } = await setup();
    c.send('{"id": 1, "cmd": "subscribe", "params": {"channels": ["orderbook_delta"], "market_tickers": ["SIM-A", "SIM-B"]}}');
    expect(await c.next(byId(1))).toEqual({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
    const a = await c.next(ofType('orderbook_snapshot'));
    const b = await c.next(ofType('orderbook_snapshot'));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(a.msg.market_ticker).toBe('SIM-A');
    expect(a.msg.yes_dollars_fp).toEqual(sim.book('SIM-A').yes);
    expect(a.msg.no_dollars_fp).toEqual(sim.book('SIM-A').no);
    expect(decodeFrame(JSON.stringify(a)).kind).toBe('data');
  });

  it('sends deltas with seq +1 each, and only on sequenced channels', async () => {
    const { sim, c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: MARKETS } });
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } });
    await c.next(byId(2));
    sim.step(200);
    const frames = await c.collect(200);
    const book = frames.filter((f) => f.sid === 1).map((f) => f.seq);
    expect(book.length).toBeGreaterThan(50);
    expect(book).toEqual(book.map((_, i) => i + 1));
    const tickers = frames.filter((f) => f.type === 'ticker');
    expect(tickers.length).toBeGreaterThan(10);
    expect(tickers.every((t) => t.seq === undefined)).toBe(true);
    for (const f of frames.filter((x) => x.id === undefined)) expect(decodeFrame(JSON.stringify(f)).kind, JSON.stringify(f)).toBe('data');
  });

  it('merges a repeated subscribe into the existing sid and answers ok with the merged tickers and a snapshot of the new one', async () => {
    const { c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: 'SIM-A' } });
    await c.next(byId(1));
    await c.next(ofType('orderbook_snapshot'));
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: 'SIM-B' } });
    expect(await c.next(byId(2))).toEqual({ id: 2, sid: 1, seq: 2, type: 'ok', msg: { market_tickers: ['SIM-A', 'SIM-B'] } });
    expect(await c.next(ofType('orderbook_snapshot'))).toMatchObject({ sid: 1, seq: 3, msg: { market_ticker: 'SIM-B' } });
  });

  it('answers unsubscribe with one unsubscribed per sid', async () => {
    const { c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'] } });
    await c.next(byId(1));
    await c.next(byId(1));
    c.send('{"id": 124, "cmd": "unsubscribe", "params": {"sids": [1, 2]}}');
    expect(await c.next(byId(124))).toMatchObject({ id: 124, sid: 1, type: 'unsubscribed' });
    expect(await c.next(byId(124))).toMatchObject({ id: 124, sid: 2, type: 'unsubscribed' });
    c.send('{"id": 3, "cmd": "list_subscriptions"}');
    expect(await c.next(byId(3))).toEqual({ id: 3, type: 'ok', msg: [] });
  });

  it('update_subscription: add_markets, delete_markets and get_snapshot with sid or one-element sids', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: 'SIM-A' } });
    await c.next(byId(1));
    await c.next(ofType('orderbook_snapshot'));
    c.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, market_tickers: ['SIM-C'], action: 'add_markets' } });
    expect(await c.next(byId(2))).toMatchObject({ sid: 1, type: 'ok', msg: { market_tickers: ['SIM-A', 'SIM-C'] } });
    expect(await c.next(ofType('orderbook_snapshot'))).toMatchObject({ msg: { market_ticker: 'SIM-C' } });
    c.send({ id: 3, cmd: 'update_subscription', params: { sids: [1], market_tickers: ['SIM-A'], action: 'get_snapshot' } });
    await c.next(byId(3));
    const snap = await c.next(ofType('orderbook_snapshot'));
    expect(snap.msg.yes_dollars_fp).toEqual(sim.book('SIM-A').yes);
    c.send({ id: 4, cmd: 'update_subscription', params: { sid: 1, market_tickers: ['SIM-A'], action: 'delete_markets' } });
    expect(await c.next(byId(4))).toMatchObject({ type: 'ok', msg: { market_tickers: ['SIM-C'] } });
    expect(sim.subscriptions()).toEqual([{ connection: 1, channel: 'orderbook_delta', sid: 1, markets: ['SIM-C'] }]);
  });

  it('honours use_yes_price: NO levels on the YES scale', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: 'SIM-A', use_yes_price: true } });
    const snap = await c.next(ofType('orderbook_snapshot'));
    expect(snap.msg.no_dollars_fp).toEqual(sim.book('SIM-A', true).no);
    const legNo = sim.book('SIM-A').no.map(([p]) => p);
    const yesScale = snap.msg.no_dollars_fp.map(([p]: [string]) => p);
    expect(yesScale.map((p: string) => (10000 - Math.round(Number(p) * 10000)))).toEqual(expect.arrayContaining(legNo.map((p) => Math.round(Number(p) * 10000))));
  });

  it('lists subscriptions', async () => {
    const { c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: 'SIM-A' } });
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } });
    await c.next(byId(2));
    c.send({ id: 3, cmd: 'list_subscriptions' });
    expect(await c.next(byId(3))).toEqual({ id: 3, type: 'ok', msg: [{ channel: 'orderbook_delta', sid: 1 }, { channel: 'ticker', sid: 2 }] });
  });
});

describe('startSimulator: error codes with their exact messages', () => {
  const cases: [string, object | string, number, string][] = [
    ['bad JSON', '{"id": 1, "cmd":', 1, 'Unable to process message'],
    ['no params', { id: 5, cmd: 'subscribe' }, 2, 'Params required'],
    ['no channels', { id: 5, cmd: 'subscribe', params: {} }, 3, 'Channels required'],
    ['no sids', { id: 5, cmd: 'unsubscribe', params: {} }, 4, 'Subscription IDs required'],
    ['unknown command', { id: 5, cmd: 'subscribe_all', params: {} }, 5, 'Unknown command'],
    ['unknown sid', { id: 5, cmd: 'unsubscribe', params: { sids: [99] } }, 7, 'Unknown subscription ID'],
    ['unknown channel', { id: 5, cmd: 'subscribe', params: { channels: ['tickr'] } }, 8, 'Unknown channel name'],
    ['bad parameter', { id: 5, cmd: 'subscribe', params: { channels: ['ticker'], use_yes_price: 'yes' } }, 11, 'Invalid parameter'],
    ['both sid and sids', { id: 5, cmd: 'update_subscription', params: { sid: 1, sids: [1], action: 'add_markets', market_ticker: 'SIM-A' } }, 12, 'Exactly one subscription ID is required'],
    ['several sids', { id: 5, cmd: 'update_subscription', params: { sids: [1, 2], action: 'add_markets', market_ticker: 'SIM-A' } }, 12, 'Exactly one subscription ID is required'],
    ['unsupported action', { id: 5, cmd: 'update_subscription', params: { sid: 1, action: 'explode', market_ticker: 'SIM-A' } }, 13, 'Unsupported action'],
    ['orderbook without tickers', { id: 5, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } }, 14, 'Market Ticker required'],
    ['no action', { id: 5, cmd: 'update_subscription', params: { sid: 1 } }, 15, 'Action required'],
    ['shard_factor 0', { id: 5, cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 0 } }, 19, 'shard_factor must be > 0'],
    ['shard_key alone', { id: 5, cmd: 'subscribe', params: { channels: ['communications'], shard_key: 1 } }, 20, 'shard_factor is required when shard_key is set'],
    ['shard_key too big', { id: 5, cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 2, shard_key: 2 } }, 21, 'shard_key must be >= 0 and < shard_factor'],
    ['shard_factor 101', { id: 5, cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 101 } }, 22, 'shard_factor must be <= 100'],
  ];

  it.each(cases)('%s → error %s', async (_name, frame, code, msg) => {
    const { c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } });
    await c.next(byId(1));
    c.send(frame);
    const err = await c.next(ofType('error'));
    expect(err.msg).toEqual({ code, msg });
    if (typeof frame === 'object') expect(err.id).toBe(5);
  });

  it('a binary frame of garbage → error 1', async () => {
    const { c } = await setup();
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.next(ofType('error'))).msg).toEqual({ code: 1, msg: 'Unable to process message' });
  });

  it('a command in a binary frame is answered like a text frame (a widely used client sends every command binary)', async () => {
    const { c } = await setup();
    c.ws.send(Buffer.from(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } })), { binary: true });
    expect(await c.next(byId(1))).toEqual({ id: 1, type: 'subscribed', msg: { channel: 'ticker', sid: 1 } });
  });

  it('market_tickers: [] on a channel without a market filter means no filter; on a filtered channel it is error 11', async () => {
    const { c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'], market_tickers: [] } });
    expect((await c.next(byId(1))).type).toBe('subscribed');
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [] } });
    expect((await c.next(byId(2))).msg.code).toBe(11);
  });

  it('trades carry seq per sid, from 1 and without holes (reference §12)', async () => {
    const { sim, c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } });
    await c.next(byId(1));
    sim.step(1500);
    const trades = await c.collect(200, ofType('trade'));
    expect(trades.length).toBeGreaterThan(20);
    expect(trades.map((t) => t.seq)).toEqual(trades.map((_t, i) => i + 1));
  });

  it('stamps frames with the real clock and moves open interest both ways; dollar open interest is its own figure', async () => {
    const { sim, c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } });
    await c.next(byId(1));
    const before = Date.now();
    sim.step(3000);
    const tickers = (await c.collect(300, ofType('ticker'))).filter((t) => t.msg.market_ticker === 'SIM-A');
    expect(Math.abs(tickers[0].msg.ts_ms - before)).toBeLessThan(60_000);
    const oi = tickers.map((t) => Number(t.msg.open_interest_fp));
    expect(oi.some((v, i) => i > 0 && v < (oi[i - 1] as number))).toBe(true);
    expect(tickers.some((t) => t.msg.dollar_open_interest !== t.msg.dollar_volume)).toBe(true);
  });

  it('liveShapes: tickers, trades and snapshots in the shapes the live feed was captured sending', async () => {
    const { sim, c } = await setup({ liveShapes: true });
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['SIM-A'] } });
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker', 'trade'] } });
    const snap = await c.next(ofType('orderbook_snapshot'));
    const no = (snap.msg.no_dollars_fp as [string, string][]).map(([p]) => Number(p));
    expect(no).toEqual([...no].sort((a, b) => b - a));
    await c.next(byId(2));
    sim.step(1500);
    const frames = await c.collect(300);
    const ticker = frames.find((f) => f.type === 'ticker');
    const trade = frames.find((f) => f.type === 'trade');
    expect(Object.keys(ticker.msg)).not.toEqual(expect.arrayContaining(['dollar_volume']));
    expect(ticker.msg.time).toBeUndefined();
    expect(ticker.msg.dollar_open_interest).toBeUndefined();
    expect(trade.msg.is_block_trade).toBeUndefined();
    for (const f of frames) expect(decodeFrame(JSON.stringify(f)).kind).not.toBe('invalid');
  });

  it('update on a channel without that action → 13; update on an unknown sid → 7', async () => {
    const { c } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
    await c.next(byId(1));
    c.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, action: 'get_snapshot', market_ticker: 'SIM-A' } });
    expect((await c.next(byId(2))).msg.code).toBe(13);
    c.send({ id: 3, cmd: 'update_subscription', params: { sid: 9, action: 'add_markets', market_ticker: 'SIM-A' } });
    expect((await c.next(byId(3))).msg.code).toBe(7);
    c.send({ id: 4, cmd: 'update_subscription', params: { sid: 1, action: 'add_markets' } });
    expect((await c.next(byId(4))).msg.code).toBe(13);
  });

  it('a private channel on an anonymous connection → error 9', async () => {
    const keys = testKeys();
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, keys: [{ keyId: 'k1', publicKeyPem: keys.publicKeyPem }], allowAnonymous: true });
    const c = await rawClient(sim.url);
    clients.push(c);
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['fill'] } });
    expect((await c.next(byId(1))).msg).toEqual({ code: 9, msg: 'Authentication required' });
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } });
    expect((await c.next(byId(2))).type).toBe('subscribed');
  });

  it('market limit → 26 and command rate → 27 when configured', async () => {
    const { c } = await setup({ maxMarketsPerSubscription: 2, maxCommandsPerSecond: 2 });
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['SIM-A', 'SIM-B', 'SIM-C'] } });
    expect((await c.next(byId(1))).msg).toEqual({ code: 26, msg: 'Subscription market limit exceeded' });
    c.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['SIM-A'] } });
    await c.next(byId(2));
    for (let i = 0; i < 3; i++) c.send({ id: 10 + i, cmd: 'update_subscription', params: { sid: 1, market_tickers: ['SIM-B'], action: 'delete_markets' } });
    expect((await c.next(byId(10))).type).toBe('ok');
    expect((await c.next(byId(11))).type).toBe('ok');
    expect((await c.next(byId(12))).msg).toEqual({ code: 27, msg: 'Too many requests' });
  });
});

describe('startSimulator: auth', () => {
  const keys = testKeys();
  const opts = (): SimulatorOptions => ({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, keys: [{ keyId: 'key-1', publicKeyPem: keys.publicKeyPem }], maxSkewMs: 5000 });

  it('accepts a valid RSA-PSS signature', async () => {
    sim = await startSimulator(opts());
    const headers = await createSigner({ keyId: 'key-1', privateKeyPem: keys.privateKeyPem })(Date.now());
    const c = await rawClient(sim.url, { ...headers });
    clients.push(c);
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['fill'] } });
    expect((await c.next(byId(1))).type).toBe('subscribed');
  });

  it.each([
    ['missing headers', async () => undefined],
    ['a wrong signature', async () => ({ ...(await createSigner({ keyId: 'key-1', privateKeyPem: keys.privateKeyPem })(Date.now())), 'KALSHI-ACCESS-SIGNATURE': Buffer.alloc(256, 1).toString('base64') })],
    ['a stale timestamp', async () => ({ ...(await createSigner({ keyId: 'key-1', privateKeyPem: keys.privateKeyPem })(Date.now() - 60_000)) })],
    ['an unknown key id', async () => ({ ...(await createSigner({ keyId: 'key-2', privateKeyPem: keys.privateKeyPem })(Date.now())) })],
  ])('rejects %s with HTTP 401 before the upgrade', async (_name, headers) => {
    sim = await startSimulator(opts());
    await expect(rawClient(sim.url, await headers())).rejects.toMatchObject({ status: 401 });
    expect(sim.connectionCount).toBe(0);
  });
});

describe('startSimulator: keep-alive and faults', () => {
  it('pings with payload "heartbeat"', async () => {
    const { c } = await setup({ pingIntervalMs: 30 });
    await c.collect(120);
    expect(c.pings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(c.pings)).toEqual(new Set(['heartbeat']));
  });

  it('drop() closes abruptly (1006) and closeClean() sends a close frame', async () => {
    const { c, sim } = await setup();
    const code = new Promise<number>((r) => c.ws.once('close', (n) => r(n)));
    sim.faults.drop();
    expect(await code).toBe(1006);
    const d = await rawClient(sim.url);
    clients.push(d);
    const clean = new Promise<number>((r) => d.ws.once('close', (n) => r(n)));
    sim.faults.closeClean(1001);
    expect(await clean).toBe(1001);
  });

  it('loseNext consumes a seq without sending; duplicateNext sends a frame twice', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: MARKETS } });
    await c.next(byId(1));
    sim.faults.loseNext(1);
    sim.step(60);
    sim.faults.duplicateNext(1);
    sim.step(60);
    const seqs = (await c.collect(150, (f) => f.sid === 1)).map((f) => f.seq);
    expect(seqs[0]).toBe(1);
    expect(seqs[1]).toBe(2);
    expect(seqs[2]).toBe(3);
    const gaps = seqs.filter((s, i) => i > 0 && s > seqs[i - 1]! + 1);
    const dups = seqs.filter((s, i) => i > 0 && s === seqs[i - 1]);
    expect(gaps.length).toBe(1);
    expect(dups.length).toBe(1);
  });

  it('stallData stops data but not pings; stallAll stops pings too', async () => {
    const { c, sim } = await setup({ pingIntervalMs: 20 });
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } });
    await c.next(byId(1));
    sim.faults.stallData(true);
    sim.step(50);
    const before = c.pings.length;
    expect(await c.collect(100, ofType('ticker'))).toEqual([]);
    expect(c.pings.length).toBeGreaterThan(before);
    sim.faults.stallAll(true);
    await c.collect(30);
    const frozen = c.pings.length;
    await c.collect(100);
    expect(c.pings.length).toBe(frozen);
  });

  it('sends malformed frames and unknown types on request', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } });
    await c.next(byId(1));
    sim.faults.sendMalformed();
    expect(await c.next((f) => f.__raw !== undefined)).toEqual({ __raw: '{"type":"orderbook_delta","sid":' });
    sim.faults.sendUnknownType();
    expect(await c.next(ofType('sim_new_feature'))).toMatchObject({ sid: 1 });
    sim.faults.sendInvalid('ticker');
    const bad = await c.next((f) => f.type === 'ticker' && f.msg.market_ticker === 42);
    expect(decodeFrame(JSON.stringify(bad)).kind).toBe('invalid');
  });

  it('kills a subscription with a terminal error 10 or 25 carrying its sid', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'] } });
    await c.next(byId(1));
    sim.faults.killSubscription('trade', 25);
    expect(await c.next(ofType('error'))).toEqual({ type: 'error', sid: 2, msg: { code: 25, msg: 'Subscription buffer overflow' } });
    expect(sim.subscriptions().map((s) => s.channel)).toEqual(['ticker']);
  });

  it('delays replies and refuses the next N handshakes with 401, 503 or 429', async () => {
    const { c, sim } = await setup();
    sim.faults.delayReplies(150);
    const t0 = Date.now();
    c.send({ id: 1, cmd: 'list_subscriptions' });
    await c.next(byId(1));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sim.faults.refuseHandshakes(1, 401);
    await expect(rawClient(sim.url)).rejects.toMatchObject({ status: 401 });
    sim.faults.refuseHandshakes(1, 503);
    await expect(rawClient(sim.url)).rejects.toMatchObject({ status: 503 });
    sim.faults.refuseHandshakes(2, 429);
    await expect(rawClient(sim.url)).rejects.toMatchObject({ status: 429 });
    await expect(rawClient(sim.url)).rejects.toMatchObject({ status: 429 });
    const ok = await rawClient(sim.url);
    clients.push(ok);
  });
});

describe('startSimulator: markets', () => {
  it('is deterministic: the same seed gives the same message stream', async () => {
    const streams: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const s = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 11, startTimeMs: 1_780_000_000_000 });
      const c = await rawClient(s.url);
      c.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: MARKETS } });
      c.send({ id: 2, cmd: 'subscribe', params: { channels: ['trade', 'ticker'] } });
      await c.next(byId(2));
      await c.next(byId(2));
      s.step(300);
      streams.push((await c.collect(200)).map((f) => JSON.stringify(f)));
      await c.close();
      await s.close();
    }
    expect(streams[0]!.length).toBeGreaterThan(100);
    expect(streams[1]).toEqual(streams[0]);
  });

  it('keeps books uncrossed, uses subpenny levels and fractional counts, and trades consume liquidity', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } });
    await c.next(byId(1));
    sim.step(2000);
    const trades = await c.collect(300, ofType('trade'));
    expect(trades.length).toBeGreaterThan(50);
    const all = MARKETS.map((m) => sim.book(m));
    const prices = all.flatMap((b) => [...b.yes, ...b.no].map(([p]) => p));
    const counts = all.flatMap((b) => [...b.yes, ...b.no].map(([, q]) => q));
    expect(prices.some((p) => !p.endsWith('00'))).toBe(true);
    expect(counts.some((q) => !q.endsWith('.00'))).toBe(true);
    for (const b of all) {
      const bestYes = Math.max(0, ...b.yes.map(([p]) => Number(p)));
      const bestNo = Math.max(0, ...b.no.map(([p]) => Number(p)));
      expect(bestYes + bestNo).toBeLessThan(1);
    }
  });

  it('private channels carry a consistent own order flow: user_order, fill and market_position agree', async () => {
    const { c, sim } = await setup();
    c.send({ id: 1, cmd: 'subscribe', params: { channels: ['fill', 'user_orders', 'market_positions', 'order_group_updates', 'communications'] } });
    for (let i = 0; i < 5; i++) await c.next(byId(1));
    sim.step(3000);
    const frames = await c.collect(300);
    const fills = frames.filter((f) => f.type === 'fill');
    const orders = frames.filter((f) => f.type === 'user_order');
    const positions = frames.filter((f) => f.type === 'market_position');
    expect(fills.length).toBeGreaterThan(5);
    expect(orders.map((o) => o.msg.order_id)).toEqual(fills.map((f) => f.msg.order_id));
    expect(positions.length).toBe(fills.length);
    for (const f of frames) expect(decodeFrame(JSON.stringify(f)).kind, JSON.stringify(f)).toBe('data');
    // Position is the running sum of signed fills per market.
    const pos = new Map<string, number>();
    fills.forEach((f, i) => {
      const n = Math.round(Number(f.msg.count_fp) * 100) * (f.msg.side === 'yes' ? 1 : -1);
      pos.set(f.msg.market_ticker, (pos.get(f.msg.market_ticker) ?? 0) + n);
      expect(Math.round(Number(positions[i].msg.position_fp) * 100)).toBe(pos.get(f.msg.market_ticker));
    });
    expect(frames.some((f) => f.type === 'order_group_updates')).toBe(true);
    expect(frames.some((f) => f.type === 'rfq_created')).toBe(true);
  });
});
