/**
 * `npm run bench [-- --quick]`: throughput, latency and memory of kalshi-rx on a realistic,
 * seeded Kalshi-like stream (bench/workload.ts), each throughput figure a ratio to a baseline
 * measured in the same run (interleaved rounds, medians of the per-round ratios). The stream is
 * sent pre-framed by a firehose in its own thread (bench/firehose-worker.ts), over loopback.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { queueScheduler, Subject, type Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import { connect } from '../lib/connection/kalshi-connection.js';
import { connectPool } from '../lib/connection/connect-pool.js';
import type { PoolOptions } from '../lib/connection/pool-options.js';
import type { ChannelEvent } from '../lib/connection/channel-event.js';
import type { OrderbookDelta, OrderbookSnapshot } from '../lib/channels/orderbook-delta.js';
import { decodeFrame } from '../lib/protocol/decode-frame.js';
import { applyDelta, bookFromSnapshot, type OrderBook } from '../lib/orderbook/order-book.js';
import { toOrderBook } from '../lib/operators/to-order-book.js';
import { createTestConnection } from '../lib/testing/test-connection.js';
import { decoded, orderbookDelta, orderbookSnapshot } from '../lib/testing/message-builders.js';
import type { FirehoseRequest } from './firehose-worker.js';
import { generateWorkload, type WorkloadOptions } from './workload.js';
import { relayFigures } from './relay-bench.js';
import { threadCpuNs, threadCpuSource } from './thread-cpu.js';

const quick = process.argv.includes('--quick');
/** `--throughput`: the interleaved rounds only (for before/after comparisons of one change). */
const throughputOnly = process.argv.includes('--throughput');
const roundsArg = process.argv.indexOf('--rounds');
/**
 * `--against <dir>`: another build of the bench (e.g. of the previous commit, `tsc -p
 * tsconfig.bench.json --outDir <dir>`) whose `connect()` runs the channel, book and routing
 * clients in the same rounds, in the same process, against the same firehose: the before/after
 * ratio of one change without the drift between runs.
 */
const againstArg = process.argv.indexOf('--against');
const against = againstArg > 0 ? process.argv[againstArg + 1] : undefined;
const DELTAS = quick ? 60_000 : 200_000;
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 3 : 5;
const SEED = 20_260_827;
const gc = (globalThis as { gc?: () => void }).gc;

// ------------------------------------------------------------------ firehose thread

interface Loaded {
  readonly markets: string[];
  readonly deltaCount: number;
  readonly frameCount: number;
  readonly otherOrder: number;
  readonly depthMin: number;
  readonly depthMax: number;
  readonly depthMean: number;
  readonly bytes: number;
}

class Firehose {
  loaded: Loaded | undefined;
  private constructor(private readonly worker: Worker, readonly url: string) {}

  static async start(): Promise<Firehose> {
    const worker = new Worker(new URL('./firehose-worker.js', import.meta.url));
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: { url: string }) => resolve(new Firehose(worker, m.url)));
    });
  }

  private ask<T>(request: FirehoseRequest, reply: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const on = (m: { type: string; error?: string }): void => {
        if (m.type === 'failed') {
          this.worker.off('message', on);
          reject(new Error(m.error));
          return;
        }
        if (m.type !== reply) return;
        this.worker.off('message', on);
        resolve(m as T);
      };
      this.worker.on('message', on);
      this.worker.postMessage(request);
    });
  }

  async load(options: WorkloadOptions | { twoBody: number }): Promise<Loaded> {
    this.loaded = await this.ask<Loaded>({ type: 'load', options }, 'loaded');
    return this.loaded;
  }

  get w(): Loaded {
    if (this.loaded === undefined) throw new Error('bench: nothing loaded');
    return this.loaded;
  }

  fire(rate?: number): Promise<unknown> {
    return this.ask(rate === undefined ? { type: 'fire' } : { type: 'fire', rate }, 'fired');
  }

  /** Saturated, each open connection getting the frames of what it subscribed (a pool's sockets). */
  fireSplit(): Promise<unknown> {
    return this.ask({ type: 'fire-split' }, 'fired');
  }

  drop(): Promise<unknown> {
    return this.ask({ type: 'drop' }, 'dropped');
  }

  async commands(): Promise<number> {
    return (await this.ask<{ count: number }>({ type: 'commands' }, 'commands')).count;
  }

  async close(): Promise<void> {
    await this.ask({ type: 'close' }, 'closed');
    await this.worker.terminate();
  }
}

// ------------------------------------------------------------------ measurement

/**
 * A throughput measurement: deltas (or books) per wall-clock second, first to last, and per CPU
 * second of the main thread over the same span (the firehose runs in another thread). The CPU
 * rate does not count time the client waits for the CPU, so it moves far less with the machine's
 * load than the wall rate; NaN where the thread's CPU time cannot be read.
 */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
  /** Event-loop utilization of the client over the run: 1.0 means the client was the bottleneck. */
  readonly utilization: number;
}

function rateCounter(n: number): { tick: () => void; done: Promise<Rate>; count: () => number } {
  let count = 0;
  let t0 = 0;
  let cpu0: number | undefined = 0;
  let elu0 = performance.eventLoopUtilization();
  let resolve: (rate: Rate) => void = () => undefined;
  const done = new Promise<Rate>((r) => { resolve = r; });
  return {
    tick: () => {
      if (count === 0) {
        t0 = performance.now();
        elu0 = performance.eventLoopUtilization();
        cpu0 = threadCpuNs();
      }
      if (++count === n) {
        const wall = ((n - 1) * 1000) / (performance.now() - t0);
        const cpu1 = threadCpuNs();
        const cpu = cpu0 === undefined || cpu1 === undefined ? Number.NaN : ((n - 1) * 1e9) / (cpu1 - cpu0);
        resolve({ wall, cpu, utilization: performance.eventLoopUtilization(elu0).utilization });
      }
    },
    done,
    count: () => count,
  };
}

const until = async (cond: () => boolean, what: string, ms = 60_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const subscribeAll = (ws: WebSocket, markets: readonly string[]): void => {
  ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: markets } }));
  ws.send(JSON.stringify({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: markets } }));
  ws.send(JSON.stringify({ id: 3, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: markets } }));
};

// ------------------------------------------------------------------ throughput scenarios

/** `ws` alone: counts frames, parses nothing (the ceiling of any client). */
async function ceiling(fh: Firehose): Promise<Rate> {
  const { markets, frameCount, deltaCount } = fh.w;
  const ws = new WebSocket(fh.url);
  await new Promise((r) => ws.once('open', r));
  let setup = 0;
  const counter = rateCounter(frameCount);
  ws.on('message', () => {
    if (setup < markets.length + 3) setup++;
    else counter.tick();
  });
  subscribeAll(ws, markets);
  await until(() => setup === markets.length + 3, 'ceiling setup');
  void fh.fire();
  const rate = await counter.done;
  ws.terminate();
  return { wall: (rate.wall * deltaCount) / frameCount, cpu: (rate.cpu * deltaCount) / frameCount, utilization: rate.utilization };
}

/** The baseline: a hand-rolled client, `ws` + `JSON.parse` per frame, counting deltas. */
async function baseline(fh: Firehose): Promise<Rate> {
  const { markets, deltaCount } = fh.w;
  const ws = new WebSocket(fh.url);
  await new Promise((r) => ws.once('open', r));
  const counter = rateCounter(deltaCount);
  let snapshots = 0;
  ws.on('message', (data) => {
    const m = JSON.parse(data as unknown as string) as { type: string };
    if (m.type === 'orderbook_delta') counter.tick();
    else if (m.type === 'orderbook_snapshot') snapshots++;
  });
  subscribeAll(ws, markets);
  await until(() => snapshots === markets.length, 'baseline snapshots');
  void fh.fire();
  const rate = await counter.done;
  ws.terminate();
  return rate;
}

/** `channel('orderbook_delta')` for every market (plus ticker and trade): decoded, validated, seq-checked. */
/** The `connect()` a scenario measures: this build's, or the `--against` build's. */
type Connect = typeof connect;

async function channelRate(fh: Firehose, perMarket = false, connectWith: Connect = connect): Promise<Rate> {
  const { markets, deltaCount } = fh.w;
  const conn = connectWith({ url: fh.url });
  const counter = rateCounter(deltaCount);
  let snapshots = 0;
  let others = 0;
  const onDelta = (m: { type: string }): void => {
    if (m.type === 'orderbook_delta') counter.tick();
    else snapshots++;
  };
  const subs: Subscription[] = perMarket
    ? markets.map((market) => conn.channel('orderbook_delta', { market_ticker: market }).subscribe(onDelta))
    : [conn.channel('orderbook_delta', { market_tickers: [...markets] }).subscribe(onDelta)];
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe(() => { others++; }));
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe(() => { others++; }));
  await until(() => snapshots === markets.length, 'channel snapshots');
  await pause(50);
  void fh.fire();
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  if (others === 0) throw new Error('bench: no ticker/trade frames reached the channel client');
  return rate;
}

/** `orderbook(market)` for every market of the stream (plus ticker and trade): books maintained. */
async function bookRate(fh: Firehose, latency?: { rate: number; samples: Float64Array }, pool?: PoolOptions, connectWith: Connect = connect): Promise<Rate> {
  const { markets, deltaCount, frameCount } = fh.w;
  let receipt = 0;
  const options = { url: fh.url, ...(latency === undefined ? {} : { onRawFrame: () => { receipt = performance.now(); } }) };
  const conn = pool === undefined ? connectWith(options) : connectPool({ ...options, ...pool });
  const counter = rateCounter(deltaCount);
  let ready = 0;
  const samples = latency?.samples;
  const subs = markets.map((market) => {
    let first = true;
    return conn.orderbook(market).subscribe(samples === undefined
      ? () => {
        if (first) {
          first = false;
          ready++;
        } else counter.tick();
      }
      : () => {
        if (first) {
          first = false;
          ready++;
        } else {
          const i = counter.count();
          if (i < samples.length) samples[i] = performance.now() - receipt;
          counter.tick();
        }
      });
  });
  subs.push(conn.channel('ticker', { market_tickers: [...markets] }).subscribe());
  subs.push(conn.channel('trade', { market_tickers: [...markets] }).subscribe());
  await until(() => ready === markets.length, 'first books');
  await pause(50);
  void (pool === undefined ? fh.fire(latency === undefined ? undefined : (latency.rate * frameCount) / deltaCount) : fh.fireSplit());
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return rate;
}

// ------------------------------------------------------------------ restore and memory

async function restore(fh: Firehose, pool?: PoolOptions): Promise<{ ms: number; commands: number; books: number }> {
  const { markets } = fh.w;
  const options = { url: fh.url, reconnect: { initialDelayMs: 1, maxDelayMs: 1 } };
  const conn = pool === undefined ? connect(options) : connectPool({ ...options, ...pool });
  const latest = new Map<string, OrderBook>();
  const subs = markets.map((m) => conn.orderbook(m).subscribe((b) => latest.set(m, b)));
  await until(() => latest.size === markets.length, 'books before the drop');
  await pause(100);
  const before = await fh.commands();
  const t0 = performance.now();
  await fh.drop();
  await until(() => [...latest.values()].every((b) => b.status === 'live' && b.base === 'reconnect'), 'restored books');
  const ms = performance.now() - t0;
  const commands = (await fh.commands()) - before;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return { ms, commands, books: markets.length };
}

const heapKb = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024;
};

/** Heap per live book: books of exactly `levels` levels a side, held as the latest emitted value. */
async function heapPerBook(fh: Firehose, levels: number, count: number): Promise<number> {
  await fh.load({ seed: SEED + levels, markets: count, deltas: 1, levels, tickerPrefix: `MEM${levels}` });
  const { markets } = fh.w;
  const conn = connect({ url: fh.url });
  const holder: OrderBook[] = [];
  conn.channel('ticker', { market_tickers: ['warm-up'] }).subscribe().unsubscribe();
  await pause(100);
  const before = heapKb();
  const subs = markets.map((m, i) => conn.orderbook(m).subscribe((b) => { holder[i] = b; }));
  await until(() => holder.filter((b) => b !== undefined).length === markets.length, 'memory books');
  await pause(100);
  const after = heapKb();
  if (holder.some((b) => b.levels('yes') !== levels || b.levels('no') !== levels)) throw new Error('bench: memory books have the wrong depth');
  for (const s of subs) s.unsubscribe();
  conn.close();
  return (after - before) / markets.length;
}

async function leakKb(cycles: number): Promise<{ kb: number; commands: number }> {
  // The cycles measure memory, not the command budget: lift the budget so every command goes out.
  const t = createTestConnection(queueScheduler, { commandTimeoutMs: 60_000, keepCommands: false, commandBudget: { burst: 1e9, perSecond: 1e9 } });
  await pause(5);
  const cycle = (i: number): void => {
    t.connection.channel('ticker', { market_ticker: `M${i % 10}` }).subscribe().unsubscribe();
    t.connection.orderbook(`B${i % 10}`).subscribe().unsubscribe();
  };
  for (let i = 0; i < 2000; i++) cycle(i);
  const before = heapKb();
  for (let i = 0; i < cycles; i++) cycle(i);
  const after = heapKb();
  const commands = t.commandCount();
  t.connection.close();
  return { kb: after - before, commands };
}

// ------------------------------------------------------------------ micro benchmarks

function nsPer(iterations: number, body: (i: number) => void): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) body(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - t0) / iterations;
}

interface Micro { parseNs: number; decodeNs: number; streamParseNs: number; streamDecodeNs: number; deltaNs: number; emitNs: number }

function micro(): Micro {
  let sink = 0;
  // Frames of the realistic stream (all types, all key orders), as text.
  const w = generateWorkload({ seed: SEED + 1, markets: 200, deltas: 20_000 });
  let seq = 0;
  const texts = w.frames.map((f) => (f.tail === undefined ? f.head : `${f.head}${++seq}${f.tail}`));
  const mask = 16_383;
  const streamParseNs = nsPer(200_000, (i) => { sink += (JSON.parse(texts[i & mask] as string) as { sid: number }).sid; });
  const streamDecodeNs = nsPer(200_000, (i) => { if (decodeFrame(texts[i & mask] as string).kind === 'data') sink++; });
  const frame = JSON.stringify({ sid: 1, seq: 7, ...orderbookDelta({ market: 'MICRO', side: 'yes', price: '0.5612', delta: '-12.50' }) });
  const parseNs = nsPer(300_000, () => { sink += (JSON.parse(frame) as { seq: number }).seq; });
  const decodeNs = nsPer(300_000, () => { if (decodeFrame(frame).kind === 'data') sink++; });
  const levels = (offset: number): [string, string][] => Array.from({ length: 2000 }, (_, i) => [((offset + i * 2) / 10_000).toFixed(4), '100.00']);
  const snap = decoded<OrderbookSnapshot>(orderbookSnapshot({ market: 'MICRO', yes: levels(1), no: levels(2) }));
  let book: OrderBook = bookFromSnapshot(snap, false);
  const deltas: OrderbookDelta[] = Array.from({ length: 4096 }, (_, i) => {
    const p = 1 + 2 * (((i >> 1) * 7919) % 2000);
    return decoded<OrderbookDelta>(orderbookDelta({ market: 'MICRO', side: 'yes', price: (p / 10_000).toFixed(4), delta: i % 2 === 0 ? '5.00' : '-5.00' }));
  });
  let applied = 0;
  const deltaNs = nsPer(400_000, (i) => {
    const r = applyDelta(book, deltas[i & 4095] as OrderbookDelta, false);
    if (r.ok) {
      book = r.book;
      applied++;
    }
  });
  if (applied !== 420_000) throw new Error(`bench: only ${applied} of 420,000 deltas applied`);
  const events = new Subject<ChannelEvent<OrderbookSnapshot | OrderbookDelta>>();
  let emitted = 0;
  events.pipe(toOrderBook('MICRO', { checkCrossed: false })).subscribe(() => { emitted++; });
  events.next({ kind: 'data', message: snap });
  const emitNs = nsPer(400_000, (i) => {
    events.next({ kind: 'data', message: deltas[i & 4095] as OrderbookDelta });
  });
  if (emitted !== 420_001) throw new Error(`bench: only ${emitted} of 420,001 books emitted`);
  sink += emitted;
  if (sink < 0) console.log(sink);
  return { parseNs, decodeNs, streamParseNs, streamDecodeNs, deltaNs, emitNs };
}

// ------------------------------------------------------------------ main

/** A table row: figure, value, wall ratio, CPU ratio. */
type Row = [string, string, string, string?];
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const percentile = (xs: Float64Array, q: number): number => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const spread = (xs: readonly Rate[]): string => {
  const w = xs.map((x) => x.wall);
  return `±${((100 * (Math.max(...w) - Math.min(...w))) / 2 / median(w)).toFixed(0)}%`;
};
const busy = (xs: readonly Rate[]): string => `busy ${Math.round(100 * median(xs.map((x) => x.utilization)))}%`;

async function main(): Promise<void> {
  if (gc === undefined) console.warn('bench: run with --expose-gc for memory figures (npm run bench does)');
  const load0 = loadavg();
  const started = performance.now();
  // Three firehoses, each in its own thread: the realistic stream, and the two routing streams.
  const [real, rr1, rr1000] = await Promise.all([Firehose.start(), Firehose.start(), Firehose.start()]);
  const [w, w1, w1000] = await Promise.all([
    real.load({ seed: SEED, markets: 1000, deltas: DELTAS }),
    rr1.load({ seed: SEED + 2, markets: 1, deltas: DELTAS, activity: 'round-robin', levels: 50, tickerPrefix: 'RR' }),
    rr1000.load({ seed: SEED + 2, markets: 1000, deltas: DELTAS, activity: 'round-robin', levels: 50, tickerPrefix: 'RR' }),
  ]);
  console.log(`stream: ${w.markets.length} markets, ${fmt(w.deltaCount)} deltas in ${fmt(w.frameCount)} frames (${(w.bytes / 2 ** 20).toFixed(0)} MiB), ` +
    `levels a side ${w.depthMin}–${w.depthMax} (mean ${w.depthMean.toFixed(0)}), ${(100 * w.otherOrder).toFixed(0)}% in other key orders`);

  const base: Rate[] = [];
  const ceil: Rate[] = [];
  const chan: Rate[] = [];
  const book: Rate[] = [];
  const one: Rate[] = [];
  const many: Rate[] = [];
  const other = against === undefined ? undefined : ((await import(new URL(`${against}/lib/connection/kalshi-connection.js`, `file://${process.cwd()}/`).href)) as { connect: Connect }).connect;
  const prev = { chan: [] as Rate[], book: [] as Rate[], one: [] as Rate[], many: [] as Rate[] };
  // Interleave the scenarios so drift (thermal, GC, other engineers' test suites) hits all alike.
  for (let r = 0; r < ROUNDS; r++) {
    base.push(await baseline(real));
    ceil.push(await ceiling(real));
    // With --against, the two builds alternate which goes first.
    const order = other === undefined ? [connect] : r % 2 === 0 ? [connect, other] : [other, connect];
    for (const c of order) {
      const to = c === connect ? { chan, book, one, many } : prev;
      to.chan.push(await channelRate(real, false, c));
      to.book.push(await bookRate(real, undefined, undefined, c));
      to.one.push(await channelRate(rr1, true, c));
      to.many.push(await channelRate(rr1000, true, c));
    }
    if (other !== undefined) {
      const vs = (x: Rate[], y: Rate[]): string => `${(x[r]!.cpu / y[r]!.cpu).toFixed(3)}`;
      console.log(`round ${r + 1}/${ROUNDS}: this / ${against} per cpu-s: channel ${vs(chan, prev.chan)}, book ${vs(book, prev.book)}, routing-1000 ${vs(many, prev.many)}, routing-1 ${vs(one, prev.one)}`);
    }
    const both = (x: Rate, y: Rate): string => `${(x.wall / y.wall).toFixed(2)} (cpu ${(x.cpu / y.cpu).toFixed(2)})`;
    console.log(`round ${r + 1}/${ROUNDS}: baseline ${fmt(base[r]!.wall)}/s (${fmt(base[r]!.cpu)}/cpu-s), channel ${both(chan[r]!, base[r]!)}, book ${both(book[r]!, base[r]!)}, ` +
      `routing ${both(many[r]!, one[r]!)}, ceiling ${both(ceil[r]!, base[r]!)}, load ${loadavg()[0]?.toFixed(2)}`);
  }
  await Promise.all([rr1.close(), rr1000.close()]);
  const ratio = (xs: Rate[], ys: Rate[]): number => median(xs.map((x, i) => x.wall / (ys[i] as Rate).wall));
  // The same ratios per CPU second of the client's thread, and half their spread over the rounds.
  const cpuRatios = (xs: Rate[], ys: Rate[]): number[] => xs.map((x, i) => x.cpu / (ys[i] as Rate).cpu);
  const cpuRatio = (xs: Rate[], ys: Rate[]): number => median(cpuRatios(xs, ys));
  const cpuSpread = (xs: Rate[], ys: Rate[]): string => {
    const rs = cpuRatios(xs, ys);
    return `±${((Math.max(...rs) - Math.min(...rs)) / 2).toFixed(2)}`;
  };
  const cpuCol = (xs: Rate[], ys: Rate[]): string => `${cpuRatio(xs, ys).toFixed(2)} ${cpuSpread(xs, ys)}`;
  const cpuKeys = `channel_cpu=${cpuRatio(chan, base).toFixed(2)} book_cpu=${cpuRatio(book, base).toFixed(2)} routing_cpu=${cpuRatio(many, one).toFixed(2)} ceiling_cpu=${cpuRatio(ceil, base).toFixed(2)}`;
  if (other !== undefined) {
    const vs = (x: Rate[], y: Rate[]): string => {
      const rs = x.map((v, i) => v.cpu / y[i]!.cpu);
      return `${median(rs).toFixed(3)}(±${((Math.max(...rs) - Math.min(...rs)) / 2).toFixed(3)})`;
    };
    console.log(`against ${against}: channel_cpu=${cpuRatio(prev.chan, base).toFixed(2)} book_cpu=${cpuRatio(prev.book, base).toFixed(2)} routing_cpu=${cpuRatio(prev.many, prev.one).toFixed(2)}`);
    console.log(`this/against per cpu-s: channel=${vs(chan, prev.chan)} book=${vs(book, prev.book)} routing_1000=${vs(many, prev.many)} routing_1=${vs(one, prev.one)}`);
  }
  if (throughputOnly || other !== undefined) {
    await real.close();
    console.log(`bench: channel=${ratio(chan, base).toFixed(2)} book=${ratio(book, base).toFixed(2)} routing=${ratio(many, one).toFixed(2)} ${cpuKeys} ` +
      `channel_cpu_spread=${cpuSpread(chan, base)} book_cpu_spread=${cpuSpread(book, base)} routing_cpu_spread=${cpuSpread(many, one)} load=${load0[0]?.toFixed(2)}/${loadavg()[0]?.toFixed(2)} throughput-only`);
    return;
  }

  // Latency: frame receipt (onRawFrame) to book emission, paced at 50% and 90% of the saturated book rate.
  const saturated = median(book.map((b) => b.wall));
  const latency: { load: number; p50: number; p99: number; p999: number; busy: number }[] = [];
  for (const load of [0.5, 0.9]) {
    const samples = new Float64Array(w.deltaCount).fill(Number.NaN);
    const rate = await bookRate(real, { rate: saturated * load, samples });
    const got = samples.filter((x) => !Number.isNaN(x));
    latency.push({ load, p50: percentile(got, 0.5) * 1000, p99: percentile(got, 0.99) * 1000, p999: percentile(got, 0.999) * 1000, busy: rate.utilization });
  }

  const rest = await restore(real);
  // Pool: the same stream's books over 4 sockets (each socket sent the frames of its markets) vs
  // over one, interleaved; then the restore of 2,000 books over 4 sockets after every socket drops.
  const POOL4: PoolOptions = { maxSockets: 4, maxMarketsPerSocket: Math.ceil(w.markets.length / 4), commandBudget: { burst: 20, perSecond: 10 } };
  const poolOne: Rate[] = [];
  const poolFour: Rate[] = [];
  for (let r = 0; r < Math.max(2, ROUNDS - 2); r++) {
    poolOne.push(await bookRate(real, undefined, { ...POOL4, maxSockets: 1, maxMarketsPerSocket: w.markets.length }));
    poolFour.push(await bookRate(real, undefined, POOL4));
  }
  const restoreWide = await Firehose.start();
  await restoreWide.load({ seed: SEED + 5, markets: 2000, deltas: 2000, levels: 50, tickerPrefix: 'POOLR' });
  const poolRest = await restore(restoreWide, { maxSockets: 4, maxMarketsPerSocket: 500 });
  const oneRest = await restore(restoreWide);
  await restoreWide.close();
  const perBook200 = await heapPerBook(real, 200, 100);
  const perBook2000 = await heapPerBook(real, 2000, 20);
  await real.close();
  const leakRun = await leakKb(100_000);
  const relay = await relayFigures(quick);
  const m = micro();
  const load1 = loadavg();
  const minutes = (performance.now() - started) / 60_000;

  const r2 = (x: number): string => x.toFixed(2);
  const lat = (l: (typeof latency)[number]): string => `p50 ${l.p50.toFixed(0)} µs, p99 ${l.p99.toFixed(0)} µs, p99.9 ${l.p999.toFixed(0)} µs (busy ${Math.round(100 * l.busy)}%)`;
  const rows: Row[] = [
    ['baseline: raw ws + JSON.parse, counting deltas', `${fmt(median(base.map((x) => x.wall)))} deltas/s (${busy(base)}, ${spread(base)})`, '1.00', '1.00'],
    ['ceiling: ws alone, counting frames', `${fmt(median(ceil.map((x) => x.wall)))} deltas/s (${busy(ceil)})`, r2(ratio(ceil, base)), cpuCol(ceil, base)],
    ["channel('orderbook_delta'), all markets: decoded, validated, seq-checked", `${fmt(median(chan.map((x) => x.wall)))} deltas/s (${busy(chan)}, ${spread(chan)})`, r2(ratio(chan, base)), cpuCol(chan, base)],
    [`orderbook(m) for all ${w.markets.length} markets: books maintained`, `${fmt(median(book.map((x) => x.wall)))} books/s (${busy(book)}, ${spread(book)})`, r2(ratio(book, base)), cpuCol(book, base)],
    ['routing: 1,000 round-robin markets (1,000 subscriptions) vs 1', `${fmt(median(many.map((x) => x.wall)))} vs ${fmt(median(one.map((x) => x.wall)))} deltas/s`, r2(ratio(many, one)), cpuCol(many, one)],
    ['latency, frame receipt → book emission, at 50% of the saturated book rate', lat(latency[0]!), ''],
    ['latency, frame receipt → book emission, at 90%', lat(latency[1]!), ''],
    [`restore: drop → ${rest.books} books live with fresh snapshots (stream's books)`, `${rest.ms.toFixed(0)} ms, ${rest.commands} command(s)`, ''],
    [`pool: orderbook(m) for all ${w.markets.length} markets over 4 sockets vs 1 (same stream, same total rate)`, `${fmt(median(poolFour.map((x) => x.wall)))} vs ${fmt(median(poolOne.map((x) => x.wall)))} books/s`, r2(ratio(poolFour, poolOne))],
    [`pool: restore of ${poolRest.books} books over 4 sockets after every socket drops (one socket: ${oneRest.ms.toFixed(0)} ms)`, `${poolRest.ms.toFixed(0)} ms, ${poolRest.commands} command(s)`, ''],
    ['memory: heap per live book, 200 levels a side', `${perBook200.toFixed(1)} KB`, ''],
    ['memory: heap per live book, 2,000 levels a side', `${perBook2000.toFixed(1)} KB`, ''],
    ['memory: heap growth over 100,000 subscribe/teardown cycles', `${leakRun.kb.toFixed(0)} KB (${leakRun.commands.toLocaleString('en')} commands)`, ''],
    ...(relay === undefined ? [] : [
      ['relay: simulator → consumer book through a relay and NATS, p50 / p99 (direct connect() in the same run)',
        `${relay.relayP50Us.toFixed(0)} / ${relay.relayP99Us.toFixed(0)} µs (direct ${relay.directP50Us.toFixed(0)} / ${relay.directP99Us.toFixed(0)} µs, ${relay.samples} samples)`, ''],
      ['relay: book updates/s delivered to 10 consumers together vs one direct connect()', `${fmt(relay.fanoutRate)} vs ${fmt(relay.directRate)} updates/s`, r2(relay.fanoutRate / relay.directRate)],
    ] as Row[]),
    ['micro: JSON.parse, a frame of the realistic stream', `${m.streamParseNs.toFixed(0)} ns`, ''],
    ['micro: decodeFrame, a frame of the realistic stream', `${m.streamDecodeNs.toFixed(0)} ns`, r2(m.streamParseNs / m.streamDecodeNs)],
    ['micro (two-body case): JSON.parse of one delta frame', `${m.parseNs.toFixed(0)} ns`, ''],
    ['micro (two-body case): decodeFrame of the same frame', `${m.decodeNs.toFixed(0)} ns`, r2(m.parseNs / m.decodeNs)],
    ['micro: delta applied to a 2,000-level book', `${m.deltaNs.toFixed(0)} ns`, ''],
    ['micro: book emission through toOrderBook', `${m.emitNs.toFixed(0)} ns`, ''],
  ];
  const machine = `${type()} ${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const noise = `load average ${load0[0]?.toFixed(2)} at the start, ${load1[0]?.toFixed(2)} at the end (${cpus().length} cores); baseline spread over rounds ${spread(base)}`;
  const width = Math.max(...rows.map((r) => r[0].length));
  const table = rows.map(([a, b, c, d]) => `${a.padEnd(width)}  ${b.padStart(58)}  ${c.padStart(5)}  ${(d ?? '').padStart(10)}`).join('\n');
  const streamLine = `${w.markets.length} markets (Zipf activity), ${fmt(w.deltaCount)} deltas in ${fmt(w.frameCount)} frames with ticker and trade, levels a side ${w.depthMin}–${w.depthMax} (mean ${w.depthMean.toFixed(0)}), ${(100 * w.otherOrder).toFixed(0)}% of frames in other key orders; routing streams: ${fmt(w1.deltaCount)} deltas round-robin over 1 and ${w1000.markets.length} markets`;
  console.log(`\nmachine: ${machine}\n${noise}\nstream: ${streamLine}\nrounds: ${ROUNDS} interleaved, medians of per-round ratios; ${minutes.toFixed(1)} min\n\n${table}\n`);
  const summary = `bench: channel=${r2(ratio(chan, base))} book=${r2(ratio(book, base))} routing=${r2(ratio(many, one))} ceiling=${r2(ratio(ceil, base))} ` +
    `p99_us_50=${latency[0]!.p99.toFixed(0)} p99_us_90=${latency[1]!.p99.toFixed(0)} restore_ms=${rest.ms.toFixed(0)} pool4_vs_1=${r2(ratio(poolFour, poolOne))} pool_restore_ms=${poolRest.ms.toFixed(0)} kb_book_200=${perBook200.toFixed(1)} kb_book_2000=${perBook2000.toFixed(1)} ` +
    `leak_kb=${leakRun.kb.toFixed(0)} ${cpuKeys} ${relay === undefined ? '' : `relay_p50_us=${relay.relayP50Us.toFixed(0)} relay_p99_us=${relay.relayP99Us.toFixed(0)} relay_fanout=${r2(relay.fanoutRate / relay.directRate)} `}busy_base=${median(base.map((x) => x.utilization)).toFixed(2)} load=${load0[0]?.toFixed(2)}/${load1[0]?.toFixed(2)}${quick ? ' quick' : ''}`;
  const md = [
    '# Performance',
    '',
    'Measured by `npm run bench` (`-- --quick` for a shorter run). The stream is generated by',
    '`bench/workload.ts` (seeded, deterministic) and sent pre-framed over loopback by a firehose in',
    'its own thread (`bench/firehose-worker.ts`): every frame is laid out with its WebSocket header',
    'before the first byte goes out. Every throughput figure is the median, over interleaved rounds,',
    'of its ratio to the baseline of the same round: a raw `ws` client with default options doing',
    '`JSON.parse` per frame and counting deltas. Each client subscribes to `orderbook_delta`,',
    '`ticker` and `trade` for every market of the stream, so all of them read the same frames.',
    '',
    `Stream: ${streamLine}.`,
    '',
    'Rates are wall-clock, first to last delta; "busy" is the event-loop utilization of the client',
    'over the run (100% = the client, not the sender, was the bottleneck, which the ratios need);',
    '± is half the spread of the rounds around their median. "CPU ratio" is the same ratio per CPU',
    `second of the client's thread (${threadCpuSource}; the firehose runs in another thread), ± half its`,
    'spread over the rounds: it does not count time the client waits for a core, so it moves far less',
    'with the load of this shared machine; decisions about single changes rest on it.',
    '',
    `Machine: ${machine}; shared with other engineers' test suites: ${noise}. Absolute rates are`,
    'noisy on this machine; the ratios are what to compare.',
    `Run: ${new Date().toISOString()}${quick ? ' (quick)' : ''}, ${ROUNDS} rounds, ${minutes.toFixed(1)} min.`,
    '',
    '| figure | value | ratio | CPU ratio |',
    '|---|---|---|---|',
    ...rows.map(([a, b, c, d]) => `| ${a} | ${b} | ${c} | ${d ?? ''} |`),
    '',
    'Targets (issue 15): channel ≥ 1.5 × baseline, books ≥ 1.2 ×, routing ≥ 0.95, p99 at 50% load < 200 µs,',
    'restore of 1,000 books < 1 s, heap per 200-level book ≤ 20 KB.',
    '',
    '```',
    summary,
    '```',
    '',
  ].join('\n');
  // Hand-written notes below the marker (what moved which figure, profiles) survive a new run.
  const docs = new URL('../../docs/performance.md', import.meta.url);
  const previous = existsSync(docs) ? readFileSync(docs, 'utf8') : '';
  const marker = '<!-- notes: kept across runs -->';
  const notes = previous.includes(marker) ? previous.slice(previous.indexOf(marker)) : `${marker}\n`;
  if (!process.argv.includes('--no-write')) writeFileSync(docs, `${md}\n${notes}`);
  console.log(summary);
}

await main();
