/**
 * `npm run bench [-- --quick]`: throughput, latency and memory of kalshi-rx on a realistic,
 * seeded Kalshi-like stream (bench/workload.ts), each throughput figure a ratio to a baseline
 * measured in the same run (bench/sliced-rates.ts: every client in its own thread, the stream
 * fed to them slice by slice, medians of the per-slice ratios). The stream is sent pre-framed by
 * a firehose in its own thread (bench/firehose-worker.ts), over loopback.
 */
import { cpus, loadavg, totalmem, type } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PoolOptions } from '../lib/connection/pool-options.js';
import { bookRate } from './client-rates.js';
import { Firehose } from './firehose-client.js';
import { fmt, median, percentile, type Rate } from './measure.js';
import { micro } from './micro.js';
import { relayFigures } from './relay-bench.js';
import { type Row, writeReport } from './report.js';
import { heapPerBook, leakKb, restore } from './restore-memory.js';
import { ratioSummary, runSliced, type SlicedSpec, type SliceSeries, sliceRatios, totalRate } from './sliced-rates.js';
import type { ClientName } from './throughput-clients.js';

const quick = process.argv.includes('--quick');
/** `--throughput`: the sliced throughput figures only (for before/after comparisons of one change, with `--against`). */
const throughputOnly = process.argv.includes('--throughput');
const passesArg = process.argv.indexOf('--passes');
/**
 * `--against <dir>`: another build of the bench (e.g. of the previous commit, `git stash; tsc -p
 * tsconfig.bench.json --outDir build-against; git stash pop`; inside the repository, so that it
 * finds `node_modules`) whose `connect()` runs the channel, book and routing clients in threads of
 * their own, slice for slice beside this build's: the before/after ratio of one change per slice.
 */
const againstArg = process.argv.indexOf('--against');
const against = againstArg > 0 ? process.argv[againstArg + 1] : undefined;
const DELTAS = quick ? 60_000 : 200_000;
/** Passes of the sliced throughput measurement (`--passes n`), each all of every stream through fresh clients. */
const PASSES = passesArg > 0 ? Number(process.argv[passesArg + 1]) : quick ? 1 : 3;
/** Slices a stream is cut into (~5,000 deltas each). */
const SLICES = Math.round(DELTAS / 5_000);
/** Rounds of the pool comparison (one socket vs four, alternating). */
const POOL_ROUNDS = quick ? 2 : 3;
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

  // Every throughput client in its own thread, fed the streams slice by slice (bench/sliced-rates.ts).
  const otherFrom = against === undefined ? undefined : new URL(`${against}/lib/connection/kalshi-connection.js`, `file://${process.cwd()}/`).href;
  const ours = (suffix: string, connectFrom: string | undefined): SlicedSpec[] => [
    { label: `channel${suffix}`, name: 'channel', firehose: real },
    { label: `book${suffix}`, name: 'book', firehose: real },
    { label: `routing-1${suffix}`, name: 'routing', firehose: rr1 },
    { label: `routing-1000${suffix}`, name: 'routing', firehose: rr1000 },
  ].map((x) => ({ ...x, name: x.name as ClientName, ...(connectFrom === undefined ? {} : { connectFrom }) }));
  const specs: SlicedSpec[] = [
    { label: 'baseline', name: 'baseline', firehose: real },
    { label: 'ceiling', name: 'ceiling', firehose: real },
    // References, not targets: books kept by hand (ws + JSON.parse + mutable Maps), and the same
    // mutable Maps behind this client's channel() (the floor of a book on this decode path).
    { label: 'hand', name: 'hand', firehose: real },
    { label: 'floor', name: 'floor', firehose: real },
    ...ours('', undefined),
    ...(otherFrom === undefined ? [] : ours('@against', otherFrom)),
  ];
  const series = await runSliced(specs, SLICES, PASSES, (line) => console.log(`${line}, load ${loadavg()[0]?.toFixed(2)}`));
  await Promise.all([rr1.close(), rr1000.close()]);
  const S = (label: string): SliceSeries => series.get(label) as SliceSeries;
  /** A figure: the median per-slice CPU ratio of `a` to `b`, half its interquartile range, and the wall ratio of the totals. */
  type Figure = { cpu: number; iqr: number; low: number; high: number; wall: number };
  const fig = (a: string, b: string): Figure => {
    const { median: cpu, halfIqr, passLow, passHigh } = ratioSummary(sliceRatios(S(a), S(b)), PASSES);
    return { cpu, iqr: halfIqr, low: passLow, high: passHigh, wall: totalRate(S(a)).wall / totalRate(S(b)).wall };
  };
  const f = {
    channel: fig('channel', 'baseline'), book: fig('book', 'baseline'), routing: fig('routing-1000', 'routing-1'), ceiling: fig('ceiling', 'baseline'),
    hand: fig('hand', 'baseline'), floor: fig('floor', 'baseline'), bookVsHand: fig('book', 'hand'), bookVsFloor: fig('book', 'floor'),
  };
  const keys = Object.entries<Figure>(f)
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}=${v.cpu.toFixed(2)}`).join(' ');
  const spreadKeys = `channel_iqr=±${f.channel.iqr.toFixed(2)} book_iqr=±${f.book.iqr.toFixed(2)} routing_iqr=±${f.routing.iqr.toFixed(2)} ` +
    `channel_wall=${f.channel.wall.toFixed(2)} book_wall=${f.book.wall.toFixed(2)} routing_wall=${f.routing.wall.toFixed(2)}`;
  if (otherFrom !== undefined) {
    const vs = (label: string): string => {
      const { median: m, halfIqr, passLow, passHigh } = ratioSummary(sliceRatios(S(label), S(`${label}@against`)), PASSES);
      return `${m.toFixed(3)}(±${halfIqr.toFixed(3)}, passes ${passLow.toFixed(3)}–${passHigh.toFixed(3)})`;
    };
    console.log(`against ${against}: channel=${fig('channel@against', 'baseline').cpu.toFixed(2)} book=${fig('book@against', 'baseline').cpu.toFixed(2)} routing=${fig('routing-1000@against', 'routing-1@against').cpu.toFixed(2)}`);
    console.log(`this/against per cpu-s, per slice: channel=${vs('channel')} book=${vs('book')} routing_1000=${vs('routing-1000')} routing_1=${vs('routing-1')}`);
  }
  if (throughputOnly || otherFrom !== undefined) {
    await real.close();
    console.log(`bench: ${keys} ${spreadKeys} load=${load0[0]?.toFixed(2)}/${loadavg()[0]?.toFixed(2)} throughput-only`);
    return;
  }

  // Latency: frame receipt (onRawFrame) to book emission, paced at 50% and 90% of the saturated book rate.
  const saturated = totalRate(S('book')).wall;
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
  for (let r = 0; r < POOL_ROUNDS; r++) {
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
  const ratio = (xs: Rate[], ys: Rate[]): number => median(xs.map((x, i) => x.wall / (ys[i] as Rate).wall));
  const cell = (v: Figure): string => `${r2(v.cpu)} ±${r2(v.iqr)}${PASSES > 1 ? ` (passes ${r2(v.low)}–${r2(v.high)})` : ''}`;
  const rateText = (x: SliceSeries): string => `${fmt(totalRate(x).cpu)} deltas per CPU s`;
  const lat = (l: (typeof latency)[number]): string => `p50 ${l.p50.toFixed(0)} µs, p99 ${l.p99.toFixed(0)} µs, p99.9 ${l.p999.toFixed(0)} µs (busy ${Math.round(100 * l.busy)}%)`;
  const rows: Row[] = [
    ...([
      ['baseline: raw ws + JSON.parse, counting deltas', 'baseline', undefined],
      ['ceiling: ws alone, counting frames', 'ceiling', f.ceiling],
      ["channel('orderbook_delta'), all markets: decoded, validated, seq-checked", 'channel', f.channel],
      [`orderbook(m) for all ${w.markets.length} markets: books maintained`, 'book', f.book],
      ['reference: books by hand (ws + JSON.parse + a mutable Map per side, nothing emitted)', 'hand', f.hand],
      ['reference: channel() + the same mutable Maps (floor of a book on this decode path)', 'floor', f.floor],
    ] as const).map(([what, label, v]): Row => [what, rateText(S(label)), v === undefined ? '1.00' : cell(v), v === undefined ? '1.00' : v.wall.toFixed(2)]),
    ['orderbook(m) vs books by hand', '', cell(f.bookVsHand), f.bookVsHand.wall.toFixed(2)],
    ['orderbook(m) vs the floor', '', cell(f.bookVsFloor), f.bookVsFloor.wall.toFixed(2)],
    ['routing: 1,000 round-robin markets (1,000 subscriptions) vs 1', `${rateText(S('routing-1000'))} vs ${rateText(S('routing-1'))}`, cell(f.routing), f.routing.wall.toFixed(2)],
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
  const baseRates = S('baseline').cpuNs.map((ns, i) => (S('baseline').deltas[i] as number) / ns * 1e9).sort((x, y) => x - y);
  const pct = (q: number): string => fmt(baseRates[Math.floor(q * (baseRates.length - 1))] as number);
  const noise = `load average ${load0[0]?.toFixed(2)} at the start, ${load1[0]?.toFixed(2)} at the end (${cpus().length} cores); the baseline's slices ran at ${pct(0.1)} to ${pct(0.9)} deltas per CPU second (10th to 90th percentile)`;
  const width = Math.max(...rows.map((r) => r[0].length));
  const table = rows.map(([a, b, c, d]) => `${a.padEnd(width)}  ${b.padStart(58)}  ${c.padStart(5)}  ${(d ?? '').padStart(10)}`).join('\n');
  const streamLine = `${w.markets.length} markets (Zipf activity), ${fmt(w.deltaCount)} deltas in ${fmt(w.frameCount)} frames with ticker and trade, levels a side ${w.depthMin}–${w.depthMax} (mean ${w.depthMean.toFixed(0)}), ${(100 * w.otherOrder).toFixed(0)}% of frames in other key orders; routing streams: ${fmt(w1.deltaCount)} deltas round-robin over 1 and ${w1000.markets.length} markets`;
  console.log(`\nmachine: ${machine}\n${noise}\nstream: ${streamLine}\npasses: ${PASSES} of ${SLICES} slices, medians of per-slice ratios; ${minutes.toFixed(1)} min\n\n${table}\n`);
  const summary = `bench: ${keys} ${spreadKeys} ` +
    `p99_us_50=${latency[0]!.p99.toFixed(0)} p99_us_90=${latency[1]!.p99.toFixed(0)} restore_ms=${rest.ms.toFixed(0)} pool4_vs_1=${r2(ratio(poolFour, poolOne))} pool_restore_ms=${poolRest.ms.toFixed(0)} kb_book_200=${perBook200.toFixed(1)} kb_book_2000=${perBook2000.toFixed(1)} ` +
    `leak_kb=${leakRun.kb.toFixed(0)} ${relay === undefined ? '' : `relay_p50_us=${relay.relayP50Us.toFixed(0)} relay_p99_us=${relay.relayP99Us.toFixed(0)} relay_fanout=${r2(relay.fanoutRate / relay.directRate)} `}load=${load0[0]?.toFixed(2)}/${load1[0]?.toFixed(2)}${quick ? ' quick' : ''}`;
  writeReport({ rows, streamLine, machine, noise, quick, rounds: PASSES, minutes, summary, write: !process.argv.includes('--no-write') });
  console.log(summary);
}

await main();
