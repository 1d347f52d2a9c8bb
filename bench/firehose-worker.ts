/**
 * The bench's exchange, in its own thread: a minimal Kalshi-like WebSocket server (subscribe,
 * update_subscription, unsubscribe; one fixed sid per channel) that holds a generated workload
 * ({@link generateWorkload}) and sends it pre-framed: before the first byte goes out, every frame
 * of the stream is serialized with its WebSocket header into one buffer, so sending is a series of
 * large socket writes and the client under test is the bottleneck.
 */
import type { Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { WebSocket, WebSocketServer } from 'ws';
import { layOutTextFrames } from '../lib/simulator/firehose.js';
import { benchAnswers, type BenchSub } from './bench-answers.js';
import { generateWorkload, SID, twoBodyWorkload, type Workload, type WorkloadOptions } from './workload.js';

export type FirehoseRequest =
  | { type: 'load'; options: WorkloadOptions | { twoBody: number } }
  | { type: 'fire'; rate?: number }
  /** Saturated, to every open connection the frames of the markets it subscribed (a pool's sockets). */
  | { type: 'fire-split' }
  /** The id of the newest open connection (a client's own, right after it connected). */
  | { type: 'newest' }
  /** The stream cut into about `count` slices, each ending with a delta frame: frame ranges and their delta counts. */
  | { type: 'slices'; count: number }
  /** Frames `[from, to)` of the stream, saturated, to connection `conn` (its seqs continue). */
  | { type: 'fire-slice'; conn: number; from: number; to: number }
  | { type: 'drop' }
  | { type: 'commands' }
  | { type: 'close' };

const port = parentPort;
if (port === null) throw new Error('firehose-worker must run in a worker thread');

interface Conn { readonly ws: WebSocket; readonly subs: Map<number, BenchSub>; readonly opened: number }

let workload: Workload = twoBodyWorkload(2);
let prepared: { key: string; buf: Buffer; offsets: Float64Array } | undefined;
let commands = 0;
let opened = 0;
const conns = new Set<Conn>();

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
const address = wss.address();
const url = `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/trade-api/ws/v2`;

wss.on('connection', (ws) => {
  const c: Conn = { ws, subs: new Map(), opened: ++opened };
  conns.add(c);
  ws.on('close', () => conns.delete(c));
  ws.on('message', (data) => {
    commands++;
    for (const frame of benchAnswers(String(data), c.subs, workload)) ws.send(frame);
  });
});

/** Lays out the whole stream for these seq bases: one buffer, frame boundaries in `offsets`. */
function prepare(deltaBase: number, tradeBase: number): { buf: Buffer; offsets: Float64Array } {
  const key = `${deltaBase}/${tradeBase}/${workload.frames.length}`;
  if (prepared?.key === key) return prepared;
  prepared = undefined;
  const texts = new Array<string>(workload.frames.length);
  const seqs = new Map<number, number>([[SID.orderbook_delta, deltaBase], [SID.trade, tradeBase]]);
  workload.frames.forEach((f, i) => {
    let text = f.head;
    if (f.tail !== undefined) {
      const seq = (seqs.get(f.sid) ?? 0) + 1;
      seqs.set(f.sid, seq);
      text = `${f.head}${seq}${f.tail}`;
    }
    texts[i] = text;
  });
  const offsets = new Float64Array(texts.length + 1);
  const buf = layOutTextFrames(texts, offsets);
  prepared = { key, buf, offsets };
  return prepared;
}

const write = (tcp: Socket, chunk: Buffer): Promise<void> | undefined => (tcp.write(chunk) ? undefined : new Promise((r) => tcp.once('drain', () => r())));

const MARKET = /"market_ticker":"([^"]*)"/;
let frameMarkets: { of: Workload; markets: (string | undefined)[] } | undefined;

/** The market of each frame of the workload (read once per workload, outside any measurement). */
function marketsOfFrames(): (string | undefined)[] {
  if (frameMarkets?.of !== workload) frameMarkets = { of: workload, markets: workload.frames.map((f) => MARKET.exec(f.head + (f.tail ?? ''))?.[1]) };
  return frameMarkets.markets;
}

/**
 * Splits the stream over every open connection by what it subscribed (each frame goes to the
 * connection whose subscription of its channel holds its market), lays each part out, and writes
 * the parts in 1 MiB turns so the connections share the sending rate.
 */
async function fireSplit(): Promise<void> {
  const open = [...conns].filter((x) => x.ws.readyState === WebSocket.OPEN);
  if (open.length === 0) throw new Error('firehose: no open connection');
  const markets = marketsOfFrames();
  const parts = open.map((c) => ({ c, texts: [] as string[] }));
  workload.frames.forEach((f, i) => {
    const market = markets[i];
    const part = parts.find(({ c }) => {
      const sub = c.subs.get(f.sid);
      return sub !== undefined && (sub.markets === null || market === undefined || sub.markets.has(market));
    });
    if (part === undefined) return;
    const sub = part.c.subs.get(f.sid)!;
    part.texts.push(f.tail === undefined ? f.head : `${f.head}${++sub.seq}${f.tail}`);
  });
  const laid = parts.filter((p) => p.texts.length > 0).map((p) => ({ c: p.c, buf: layOutTextFrames(p.texts, new Float64Array(p.texts.length + 1)), at: 0 }));
  const step = 1 << 20;
  while (laid.some((l) => l.at < l.buf.length)) {
    const pending: Promise<void>[] = [];
    for (const l of laid) {
      if (l.at >= l.buf.length || l.c.ws.readyState !== WebSocket.OPEN) {
        l.at = l.buf.length;
        continue;
      }
      const tcp = (l.c.ws as unknown as { _socket: Socket })._socket;
      const w = write(tcp, l.buf.subarray(l.at, Math.min(l.buf.length, l.at + step)));
      l.at += step;
      if (w !== undefined) pending.push(w);
    }
    await Promise.all(pending);
  }
}

/** Sends the stream to the newest open connection, saturated or paced at `rate` frames/s. */
async function fire(rate: number | undefined): Promise<void> {
  const c = [...conns].filter((x) => x.ws.readyState === WebSocket.OPEN).sort((a, b) => b.opened - a.opened)[0];
  if (c === undefined) throw new Error('firehose: no open connection');
  const deltaSub = c.subs.get(SID.orderbook_delta);
  const tradeSub = c.subs.get(SID.trade);
  const { buf, offsets } = prepare(deltaSub?.seq ?? 0, tradeSub?.seq ?? 0);
  for (const f of workload.frames) {
    if (f.sid === SID.orderbook_delta && deltaSub !== undefined) deltaSub.seq++;
    else if (f.sid === SID.trade && tradeSub !== undefined) tradeSub.seq++;
  }
  const tcp = (c.ws as unknown as { _socket: Socket })._socket;
  const n = offsets.length - 1;
  if (rate === undefined) {
    const step = 1 << 20;
    for (let o = 0; o < buf.length; o += step) {
      if (c.ws.readyState !== WebSocket.OPEN) return;
      await write(tcp, buf.subarray(o, Math.min(buf.length, o + step)));
    }
    return;
  }
  // Paced: every turn, write the frames that are due by now.
  const t0 = performance.now();
  let sent = 0;
  while (sent < n) {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    const due = Math.min(n, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    if (due > sent) {
      const pending = write(tcp, buf.subarray(offsets[sent], offsets[due]));
      sent = due;
      if (pending !== undefined) await pending;
    }
    await new Promise((r) => setImmediate(r));
  }
}

/** The stream cut into about `count` slices of equal delta counts, each ending right after a delta frame. */
function slices(count: number): { from: number; to: number; deltas: number }[] {
  const per = Math.max(1, Math.round(workload.deltaCount / count));
  const out: { from: number; to: number; deltas: number }[] = [];
  let from = 0;
  let deltas = 0;
  workload.frames.forEach((f, i) => {
    if (!f.delta) return;
    deltas++;
    if (deltas === per || (out.length === count - 1 && i === workload.frames.length - 1)) {
      out.push({ from, to: i + 1, deltas });
      from = i + 1;
      deltas = 0;
    }
  });
  if (deltas > 0) out.push({ from, to: workload.frames.length, deltas });
  return out;
}

/** Frames `[from, to)` to one connection, saturated, its seqs continuing (laid out before the first write). */
async function fireSlice(id: number, from: number, to: number): Promise<void> {
  const c = [...conns].find((x) => x.opened === id && x.ws.readyState === WebSocket.OPEN);
  if (c === undefined) throw new Error(`firehose: no open connection ${id}`);
  const texts: string[] = [];
  for (let i = from; i < to; i++) {
    const f = workload.frames[i]!;
    const sub = f.tail === undefined ? undefined : c.subs.get(f.sid);
    texts.push(f.tail === undefined ? f.head : `${f.head}${sub === undefined ? 0 : ++sub.seq}${f.tail}`);
  }
  const buf = layOutTextFrames(texts);
  const tcp = (c.ws as unknown as { _socket: Socket })._socket;
  const step = 1 << 20;
  for (let o = 0; o < buf.length; o += step) {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    await write(tcp, buf.subarray(o, Math.min(buf.length, o + step)));
  }
}

port.postMessage({ type: 'ready', url });
port.on('message', (m: FirehoseRequest) => {
  void (async () => {
    switch (m.type) {
      case 'load': {
        prepared = undefined;
        workload = 'twoBody' in m.options ? twoBodyWorkload(m.options.twoBody) : generateWorkload(m.options);
        const depths = [...workload.depth.values()];
        port.postMessage({
          type: 'loaded', markets: workload.markets, deltaCount: workload.deltaCount, frameCount: workload.frames.length,
          otherOrder: workload.otherOrder, depthMin: Math.min(...depths), depthMax: Math.max(...depths),
          depthMean: depths.reduce((a, b) => a + b, 0) / depths.length,
          bytes: workload.frames.reduce((a, f) => a + f.head.length + (f.tail?.length ?? 0) + 3, 0),
        });
        return;
      }
      case 'fire':
        await fire(m.rate);
        port.postMessage({ type: 'fired' });
        return;
      case 'fire-split':
        await fireSplit();
        port.postMessage({ type: 'fired' });
        return;
      case 'newest':
        port.postMessage({ type: 'newest', id: Math.max(0, ...[...conns].filter((x) => x.ws.readyState === WebSocket.OPEN).map((x) => x.opened)) });
        return;
      case 'slices':
        port.postMessage({ type: 'slices', slices: slices(m.count) });
        return;
      case 'fire-slice':
        await fireSlice(m.conn, m.from, m.to);
        port.postMessage({ type: 'fired' });
        return;
      case 'drop':
        for (const c of conns) c.ws.terminate();
        port.postMessage({ type: 'dropped' });
        return;
      case 'commands':
        port.postMessage({ type: 'commands', count: commands });
        return;
      case 'close':
        for (const c of conns) c.ws.terminate();
        wss.close();
        port.postMessage({ type: 'closed' });
        return;
    }
  })().catch((e: unknown) => port.postMessage({ type: 'failed', error: String(e) }));
});
