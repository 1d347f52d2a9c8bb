/**
 * `npm run bench [-- --quick]`: throughput, latency and memory of kalshi-rx, each reported as a
 * ratio to a baseline measured in the same run, over loopback against the simulator's firehose
 * (in its own thread, pre-serialized frames, so the client is the bottleneck).
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { queueScheduler, Subject } from 'rxjs';
import { WebSocket } from 'ws';
import { connect } from '../lib/connection/kalshi-connection.js';
import type { KalshiConnection } from '../lib/connection/kalshi-connection-api.js';
import type { ChannelEvent } from '../lib/connection/channel-event.js';
import type { OrderbookDelta, OrderbookSnapshot } from '../lib/channels/orderbook-delta.js';
import { decodeFrame } from '../lib/protocol/decode-frame.js';
import { applyDelta, bookFromSnapshot, type OrderBook } from '../lib/orderbook/order-book.js';
import { toOrderBook } from '../lib/operators/to-order-book.js';
import { createTestConnection } from '../lib/testing/test-connection.js';
import { decoded, orderbookDelta, orderbookSnapshot } from '../lib/testing/message-builders.js';

const quick = process.argv.includes('--quick');
const N = quick ? 150_000 : 500_000;
const ROUNDS = quick ? 2 : 5;
const gc = (globalThis as { gc?: () => void }).gc;

// ------------------------------------------------------------------ simulator thread

class SimThread {
  private constructor(private readonly worker: Worker, readonly url: string) {}

  static start(markets: string[], depth: number): Promise<SimThread> {
    const worker = new Worker(new URL('./sim-worker.js', import.meta.url), { workerData: { markets, depth } });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: { url: string }) => resolve(new SimThread(worker, m.url)));
    });
  }

  private ask<T>(request: object, reply: string): Promise<T> {
    return new Promise((resolve) => {
      const on = (m: { type: string }): void => {
        if (m.type !== reply) return;
        this.worker.off('message', on);
        resolve(m as T);
      };
      this.worker.on('message', on);
      this.worker.postMessage(request);
    });
  }

  firehose(market: string, count: number): Promise<unknown> {
    return this.ask({ type: 'firehose', market, count }, 'done');
  }

  drop(): Promise<unknown> {
    return this.ask({ type: 'drop' }, 'done');
  }

  async commands(): Promise<number> {
    return (await this.ask<{ count: number }>({ type: 'commands' }, 'commands')).count;
  }

  async close(): Promise<void> {
    await this.ask({ type: 'close' }, 'closed');
    await this.worker.terminate();
  }
}

/** A throughput measurement. */
interface Rate {
  /** Messages per wall-clock second, first to last message. */
  readonly wall: number;
  /** Event-loop utilization of the client over the run: 1.0 means the client was the bottleneck. */
  readonly utilization: number;
}

/** Resolves once `n` counted messages arrived (timed from the first to the last). */
function rateCounter(n: number): { tick: () => void; done: Promise<Rate> } {
  let count = 0;
  let t0 = 0;
  let elu0 = performance.eventLoopUtilization();
  let resolve: (rate: Rate) => void = () => undefined;
  const done = new Promise<Rate>((r) => { resolve = r; });
  return {
    tick: () => {
      if (count === 0) {
        t0 = performance.now();
        elu0 = performance.eventLoopUtilization();
      }
      if (++count === n) {
        const wall = ((n - 1) * 1000) / (performance.now() - t0);
        const utilization = performance.eventLoopUtilization(elu0).utilization;
        resolve({ wall, utilization });
      }
    },
    done,
  };
}

const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
};

// ------------------------------------------------------------------ throughput scenarios

async function baseline(sim: SimThread, market: string, n: number): Promise<Rate> {
  const ws = new WebSocket(sim.url);
  await new Promise((r) => ws.once('open', r));
  const counter = rateCounter(n);
  let snapshot = false;
  ws.on('message', (data) => {
    const m = JSON.parse(data as unknown as string) as { type: string };
    if (m.type === 'orderbook_delta') counter.tick();
    else if (m.type === 'orderbook_snapshot') snapshot = true;
  });
  ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [market] } }));
  await until(() => snapshot);
  void sim.firehose(market, n);
  const rate = await counter.done;
  ws.terminate();
  return rate;
}

async function channelRate(sim: SimThread, market: string, n: number, extraMarkets: string[] = []): Promise<Rate> {
  const conn = connect({ url: sim.url });
  const counter = rateCounter(n);
  let snapshot = false;
  const subs = [conn.channel('orderbook_delta', { market_ticker: market }).subscribe((m) => {
    if (m.type === 'orderbook_delta') counter.tick();
    else snapshot = true;
  })];
  for (const other of extraMarkets) subs.push(conn.channel('orderbook_delta', { market_ticker: other }).subscribe());
  await until(() => snapshot);
  await new Promise((r) => setTimeout(r, 50));
  void sim.firehose(market, n);
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return rate;
}

async function bookRate(sim: SimThread, market: string, n: number): Promise<Rate> {
  const conn = connect({ url: sim.url });
  const counter = rateCounter(n);
  let first = true;
  const sub = conn.orderbook(market).subscribe(() => {
    if (first) first = false;
    else counter.tick();
  });
  await until(() => !first);
  void sim.firehose(market, n);
  const rate = await counter.done;
  sub.unsubscribe();
  conn.close();
  return rate;
}

// ------------------------------------------------------------------ micro benchmarks

function nsPer(iterations: number, body: (i: number) => void): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) body(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - t0) / iterations;
}

function micro(): { parseNs: number; decodeNs: number; deltaNs: number; emitNs: number } {
  const frame = JSON.stringify({ sid: 1, seq: 7, ...orderbookDelta({ market: 'MICRO', side: 'yes', price: '0.5612', delta: '-12.50' }) });
  let sink = 0;
  const parseNs = nsPer(300_000, () => { sink += (JSON.parse(frame) as { seq: number }).seq; });
  const decodeNs = nsPer(300_000, () => { if (decodeFrame(frame).kind === 'data') sink++; });
  const levels = (offset: number): [string, string][] => Array.from({ length: 2000 }, (_, i) => [((offset + i * 2) / 10_000).toFixed(4), '100.00']);
  const snap = decoded<OrderbookSnapshot>(orderbookSnapshot({ market: 'MICRO', yes: levels(1), no: levels(2) }));
  let book: OrderBook = bookFromSnapshot(snap, false);
  // Pairs of a delta and its inverse at the same existing level, so the book keeps its 2,000
  // levels a side and every delta applies (no invariant breaks that would skip work).
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
  return { parseNs, decodeNs, deltaNs, emitNs };
}

// ------------------------------------------------------------------ restore and memory

async function restore(markets: string[]): Promise<{ ms: number; commands: number }> {
  const sim = await SimThread.start(markets, 20);
  const conn: KalshiConnection = connect({ url: sim.url, reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
  const latest = new Map<string, OrderBook>();
  const subs = markets.map((m) => conn.orderbook(m).subscribe((b) => latest.set(m, b)));
  await until(() => latest.size === markets.length);
  const before = await sim.commands();
  const t0 = performance.now();
  await sim.drop();
  await until(() => [...latest.values()].every((b) => b.status === 'live' && b.base === 'reconnect'), 60_000);
  const ms = performance.now() - t0;
  const commands = (await sim.commands()) - before;
  for (const s of subs) s.unsubscribe();
  conn.close();
  await sim.close();
  return { ms, commands };
}

const heapKb = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024;
};

async function heapPerBook(): Promise<number> {
  const markets = Array.from({ length: 100 }, (_, i) => `MEM-${i}`);
  const sim = await SimThread.start(markets, 200);
  const conn = connect({ url: sim.url });
  const holder: OrderBook[] = [];
  await new Promise((r) => setTimeout(r, 100));
  const before = heapKb();
  const subs = markets.map((m, i) => conn.orderbook(m).subscribe((b) => { holder[i] = b; }));
  await until(() => holder.filter((b) => b !== undefined).length === markets.length);
  await new Promise((r) => setTimeout(r, 100));
  const after = heapKb();
  for (const s of subs) s.unsubscribe();
  conn.close();
  await sim.close();
  return (after - before) / markets.length;
}

async function leakKb(cycles: number): Promise<{ kb: number; commands: number }> {
  // The cycles measure memory, not the command budget: lift the budget so every command goes out.
  const t = createTestConnection(queueScheduler, { commandTimeoutMs: 60_000, keepCommands: false, commandBudget: { burst: 1e9, perSecond: 1e9 } });
  await new Promise((r) => setTimeout(r, 5));
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

// ------------------------------------------------------------------ main

const best = (xs: Rate[]): number => Math.max(...xs.map((x) => x.wall));
const busy = (xs: Rate[]): string => `client busy ${Math.round(100 * Math.min(...xs.map((x) => x.utilization)))}%`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  if (gc === undefined) console.warn('bench: run with --expose-gc for memory figures (npm run bench does)');
  const markets = Array.from({ length: 1000 }, (_, i) => `BENCH-${String(i).padStart(4, '0')}`);
  const sim = await SimThread.start(markets, 50);
  const hot = markets[0] as string;
  const base: Rate[] = [];
  const chan: Rate[] = [];
  const book: Rate[] = [];
  const one: Rate[] = [];
  const many: Rate[] = [];
  // Interleave the scenarios so drift (thermal, GC, other load) hits all of them alike.
  for (let r = 0; r < ROUNDS; r++) {
    base.push(await baseline(sim, hot, N));
    chan.push(await channelRate(sim, hot, N));
    book.push(await bookRate(sim, hot, N));
    one.push(await channelRate(sim, hot, N));
    many.push(await channelRate(sim, hot, N, markets.slice(1)));
  }
  await sim.close();
  const m = micro();
  const rest = await restore(markets);
  const perBook = await heapPerBook();
  const leakRun = await leakKb(quick ? 20_000 : 100_000);
  const leak = leakRun.kb;

  const ratio = (xs: Rate[], ys: Rate[]): string => (best(xs) / best(ys)).toFixed(2);
  const rows: [string, string, string][] = [
    ['baseline: raw ws + JSON.parse', `${fmt(best(base))} msg/s (${busy(base)})`, '1.00'],
    ["channel('orderbook_delta'): decoded, validated, seq-checked", `${fmt(best(chan))} msg/s (${busy(chan)})`, ratio(chan, base)],
    ['orderbook(ticker): books maintained', `${fmt(best(book))} books/s (${busy(book)})`, ratio(book, base)],
    ['routing: 1,000 live subscriptions vs 1', `${fmt(best(many))} vs ${fmt(best(one))} msg/s`, ratio(many, one)],
    ['micro: JSON.parse of a delta frame (reference)', `${m.parseNs.toFixed(0)} ns`, ''],
    ['micro: decodeFrame of a delta frame (parse + validate)', `${m.decodeNs.toFixed(0)} ns`, (m.parseNs / m.decodeNs).toFixed(2)],
    ['micro: delta applied to a 2,000-level book', `${m.deltaNs.toFixed(0)} ns`, ''],
    ['micro: book emission through toOrderBook', `${m.emitNs.toFixed(0)} ns`, ''],
    ['restore: drop → 1,000 books live with fresh snapshots', `${rest.ms.toFixed(0)} ms, ${rest.commands} command(s)`, ''],
    ['memory: heap per live book (200 levels a side)', `${perBook.toFixed(1)} KB`, ''],
    [`memory: heap growth after ${quick ? '20,000' : '100,000'} subscribe/teardown cycles`, `${leak.toFixed(0)} KB (${leakRun.commands.toLocaleString('en')} commands)`, ''],
  ];
  const machine = `${type()} ${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const width = Math.max(...rows.map((r) => r[0].length));
  const table = rows.map(([a, b, c]) => `${a.padEnd(width)}  ${b.padStart(40)}  ${c.padStart(5)}`).join('\n');
  console.log(`machine: ${machine}\nmessages per run: ${N.toLocaleString('en')}, rounds: ${ROUNDS} (best of)\n\n${table}\n`);
  const summary = `bench: channel=${ratio(chan, base)} book=${ratio(book, base)} routing=${ratio(many, one)} restore_ms=${rest.ms.toFixed(0)} leak_kb=${leak.toFixed(0)}`;
  const md = [
    '# Performance',
    '',
    'Measured by `npm run bench` (`-- --quick` for a shorter run). Every throughput figure is over',
    'loopback against the simulator\'s firehose running in its own thread (pre-serialized frames),',
    'and is a ratio to the baseline measured in the same run: a raw `ws` client with default options',
    'doing `JSON.parse` per frame and nothing else.',
    '',
    'Rates are wall-clock, from the first to the last message of a run; "client busy" is the',
    'event-loop utilization of the client over the run (100% = the client, not the sender, was the',
    'bottleneck, which is what the ratios need).',
    '',
    `Machine: ${machine}. Messages per run: ${N.toLocaleString('en')}; best of ${ROUNDS} interleaved rounds.`,
    `Run: ${new Date().toISOString()}${quick ? ' (quick)' : ''}.`,
    '',
    '| figure | value | ratio |',
    '|---|---|---|',
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    '',
    'Targets: channel ≥ 0.90 × baseline, book ≥ 0.85 × baseline, routing ≥ 0.95.',
    '',
    '```',
    summary,
    '```',
    '',
  ].join('\n');
  if (!process.argv.includes('--no-write')) writeFileSync(new URL('../../docs/performance.md', import.meta.url), md);
  console.log(summary);
}

await main();
