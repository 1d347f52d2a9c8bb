/**
 * The fold alone, for counting rather than timing: the realistic stream's deltas (decoded once,
 * outside the pass) applied to one `BookFolder` per market, `rounds` times over fresh books.
 * Timing on this shared machine moves by ±15 % between runs; instruction and simulated-cache
 * counts under cachegrind do not: the difference of two runs per build (`rounds` 1 and 5: four
 * passes, setup cancelled) counts one change to the level set. Confirm a gain on the whole path
 * (bench/path-pass.ts) before keeping it: V8 may compile the fold differently there.
 *
 *     valgrind --tool=cachegrind --cache-sim=yes --D1=49152,12,64 --LL=2097152,16,64 \
 *       node --single-threaded build-bench/bench/fold-pass.js [rounds] [deltas]
 *
 * (`--LL` is this machine's per-core L2: a miss there is what a thousand books cost; V8 on one
 * thread so that compilation and GC are counted the same way in every run.) Without valgrind it
 * prints ns per delta, which is only a rough figure.
 *
 * @module
 */
import type { OrderbookDelta, OrderbookSnapshot } from '../lib/channels/orderbook-delta.js';
import { BookFolder } from '../lib/orderbook/book-folder.js';
import { decodeFrame } from '../lib/protocol/decode-frame.js';
import { generateWorkload } from './workload.js';

const rounds = Number(process.argv[2] ?? 1);
const deltaCount = Number(process.argv[3] ?? 100_000);
const w = generateWorkload({ seed: 20_260_827, markets: 1000, deltas: deltaCount });
const message = (text: string): OrderbookSnapshot | OrderbookDelta => {
  const d = decodeFrame(text);
  if (d.kind !== 'data') throw new Error(`fold-pass: not a data frame: ${text.slice(0, 80)}`);
  return d.message as OrderbookSnapshot | OrderbookDelta;
};
let seq = 0;
const deltas = w.frames.filter((f) => f.delta).map((f) => message(f.tail === undefined ? f.head : `${f.head}${++seq}${f.tail}`));
const snapshots = w.markets.map((m) => message(`{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":${w.snapshotBodies.get(m) ?? ''}}`));
const marketIndex = new Map(w.markets.map((m, i) => [m, i]));
const target = deltas.map((d) => marketIndex.get(d.msg.market_ticker) ?? -1);
let emitted = 0;
const sink = { next: (): void => { emitted++; } };
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  const folders = w.markets.map((m, i) => {
    const f = new BookFolder(m, {}, sink);
    f.data(snapshots[i] as OrderbookSnapshot);
    return f;
  });
  emitted = 0;
  for (let k = 0; k < deltas.length; k++) (folders[target[k] as number] as BookFolder).data(deltas[k] as OrderbookDelta);
  if (emitted !== deltas.length) throw new Error(`fold-pass: ${emitted} of ${deltas.length} books emitted (a delta was refused)`);
}
const ns = Number(process.hrtime.bigint() - t0) / (rounds * deltas.length);
console.log(`fold-pass: ${rounds} round(s) of ${deltas.length} deltas over ${w.markets.length} books, ${ns.toFixed(0)} ns per delta (books built included)`);
