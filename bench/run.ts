/**
 * `npm run bench [-- --quick]`: throughput, latency and memory of kalshi-rx on a realistic,
 * seeded Kalshi-like stream (bench/workload.ts), each throughput figure a ratio to a baseline
 * measured in the same run (interleaved rounds, medians of the per-round ratios). The stream is
 * sent pre-framed by a firehose in its own thread (bench/firehose-worker.ts), over loopback.
 */
import { cpus, loadavg, totalmem, type } from 'node:os';
import { performance } from 'node:perf_hooks';
import { connect } from '../lib/connection/kalshi-connection.js';
import type { PoolOptions } from '../lib/connection/pool-options.js';
import { baseline, bookRate, ceiling, channelRate, type Connect, floorBooks, handBooks } from './client-rates.js';
import { Firehose } from './firehose-client.js';
import { busy, fmt, median, percentile, type Rate, spread } from './measure.js';
import { micro } from './micro.js';
import { relayFigures } from './relay-bench.js';
import { type Row, writeReport } from './report.js';
import { heapPerBook, leakKb, restore } from './restore-memory.js';

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
  // References, not targets: books kept by hand (ws + JSON.parse + mutable Maps), and the same
  // mutable Maps behind this client's channel() (the floor of a book on this decode path).
  const hand: Rate[] = [];
  const floor: Rate[] = [];
  const other = against === undefined ? undefined : ((await import(new URL(`${against}/lib/connection/kalshi-connection.js`, `file://${process.cwd()}/`).href)) as { connect: Connect }).connect;
  const prev = { chan: [] as Rate[], book: [] as Rate[], one: [] as Rate[], many: [] as Rate[] };
  // Interleave the scenarios so drift (thermal, GC, other engineers' test suites) hits all alike.
  for (let r = 0; r < ROUNDS; r++) {
    base.push(await baseline(real));
    ceil.push(await ceiling(real));
    hand.push(await handBooks(real));
    floor.push(await floorBooks(real));
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
      `routing ${both(many[r]!, one[r]!)}, ceiling ${both(ceil[r]!, base[r]!)}, hand books ${both(hand[r]!, base[r]!)}, floor books ${both(floor[r]!, base[r]!)}, load ${loadavg()[0]?.toFixed(2)}`);
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
  const cpuKeys = `channel_cpu=${cpuRatio(chan, base).toFixed(2)} book_cpu=${cpuRatio(book, base).toFixed(2)} routing_cpu=${cpuRatio(many, one).toFixed(2)} ceiling_cpu=${cpuRatio(ceil, base).toFixed(2)} ` +
    `hand_book_cpu=${cpuRatio(hand, base).toFixed(2)} floor_book_cpu=${cpuRatio(floor, base).toFixed(2)} book_vs_hand_cpu=${cpuRatio(book, hand).toFixed(2)}`;
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
  const perBook200 = await heapPerBook(real, 200, 100, SEED);
  const perBook2000 = await heapPerBook(real, 2000, 20, SEED);
  await real.close();
  const leakRun = await leakKb(100_000);
  const relay = await relayFigures(quick);
  const m = micro(SEED);
  const load1 = loadavg();
  const minutes = (performance.now() - started) / 60_000;

  const r2 = (x: number): string => x.toFixed(2);
  const lat = (l: (typeof latency)[number]): string => `p50 ${l.p50.toFixed(0)} µs, p99 ${l.p99.toFixed(0)} µs, p99.9 ${l.p999.toFixed(0)} µs (busy ${Math.round(100 * l.busy)}%)`;
  const rows: Row[] = [
    ['baseline: raw ws + JSON.parse, counting deltas', `${fmt(median(base.map((x) => x.wall)))} deltas/s (${busy(base)}, ${spread(base)})`, '1.00', '1.00'],
    ['ceiling: ws alone, counting frames', `${fmt(median(ceil.map((x) => x.wall)))} deltas/s (${busy(ceil)})`, r2(ratio(ceil, base)), cpuCol(ceil, base)],
    ["channel('orderbook_delta'), all markets: decoded, validated, seq-checked", `${fmt(median(chan.map((x) => x.wall)))} deltas/s (${busy(chan)}, ${spread(chan)})`, r2(ratio(chan, base)), cpuCol(chan, base)],
    [`orderbook(m) for all ${w.markets.length} markets: books maintained`, `${fmt(median(book.map((x) => x.wall)))} books/s (${busy(book)}, ${spread(book)})`, r2(ratio(book, base)), cpuCol(book, base)],
    ['reference: books by hand (ws + JSON.parse + a mutable Map per side, nothing emitted)', `${fmt(median(hand.map((x) => x.wall)))} deltas/s (${busy(hand)}, ${spread(hand)})`, r2(ratio(hand, base)), cpuCol(hand, base)],
    ['reference: channel() + the same mutable Maps (floor of a book on this decode path)', `${fmt(median(floor.map((x) => x.wall)))} deltas/s (${busy(floor)}, ${spread(floor)})`, r2(ratio(floor, base)), cpuCol(floor, base)],
    [`orderbook(m) vs books by hand`, '', r2(ratio(book, hand)), cpuCol(book, hand)],
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
    `hand_book=${r2(ratio(hand, base))} floor_book=${r2(ratio(floor, base))} book_vs_hand=${r2(ratio(book, hand))} ` +
    `p99_us_50=${latency[0]!.p99.toFixed(0)} p99_us_90=${latency[1]!.p99.toFixed(0)} restore_ms=${rest.ms.toFixed(0)} pool4_vs_1=${r2(ratio(poolFour, poolOne))} pool_restore_ms=${poolRest.ms.toFixed(0)} kb_book_200=${perBook200.toFixed(1)} kb_book_2000=${perBook2000.toFixed(1)} ` +
    `leak_kb=${leakRun.kb.toFixed(0)} ${cpuKeys} ${relay === undefined ? '' : `relay_p50_us=${relay.relayP50Us.toFixed(0)} relay_p99_us=${relay.relayP99Us.toFixed(0)} relay_fanout=${r2(relay.fanoutRate / relay.directRate)} `}busy_base=${median(base.map((x) => x.utilization)).toFixed(2)} load=${load0[0]?.toFixed(2)}/${load1[0]?.toFixed(2)}${quick ? ' quick' : ''}`;
  writeReport({ rows, streamLine, machine, noise, quick, rounds: ROUNDS, minutes, summary, write: !process.argv.includes('--no-write') });
  console.log(summary);
}

await main();
