/** Profiling aid: runs only the channel scenario (node --cpu-prof build-bench/bench/profile-channel.js [book]). */
import { Worker } from 'node:worker_threads';
import { connect } from '../lib/connection/kalshi-connection.js';

const mode = process.argv[2] ?? 'channel';
const worker = new Worker(new URL('./sim-worker.js', import.meta.url), { workerData: { markets: ['P-1'], depth: 50 } });
const url = await new Promise<string>((r) => worker.once('message', (m: { url: string }) => r(m.url)));
const conn = connect({ url });
const n = 1_000_000;
let count = 0;
let t0 = 0;
await new Promise<void>((resolve) => {
  const tick = (): void => {
    if (count === 0) t0 = performance.now();
    if (++count === n) resolve();
  };
  if (mode === 'book') conn.orderbook('P-1').subscribe(tick);
  else conn.channel('orderbook_delta', { market_ticker: 'P-1' }).subscribe(tick);
  setTimeout(() => worker.postMessage({ type: 'firehose', market: 'P-1', count: n }), 200);
});
console.log(`${mode}: ${Math.round((n * 1000) / (performance.now() - t0))} msg/s`);
conn.close();
await worker.terminate();
