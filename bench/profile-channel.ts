/**
 * Profiling aid: runs one scenario on the realistic stream, repeatedly, so a CPU profile shows
 * the client's own cost: `node --cpu-prof build-bench/bench/profile-channel.js [channel|book|routing-1|routing-1000] [rounds]`.
 * The routing modes read the round-robin stream of the routing figure (50 levels, 1 or 1,000
 * markets) with one `channel()` per market, as `npm run bench` does.
 */
import { Worker } from 'node:worker_threads';
import { connect } from '../lib/connection/kalshi-connection.js';

const mode = process.argv[2] ?? 'channel';
const rounds = Number(process.argv[3] ?? 3);
const worker = new Worker(new URL('./firehose-worker.js', import.meta.url));
const url = await new Promise<string>((r) => worker.once('message', (m: { url: string }) => r(m.url)));
const ask = <T>(req: object, reply: string): Promise<T> => new Promise((resolve) => {
  const on = (m: { type: string }): void => {
    if (m.type !== reply) return;
    worker.off('message', on);
    resolve(m as T);
  };
  worker.on('message', on);
  worker.postMessage(req);
});
const routing = /^routing-(\d+)$/.exec(mode);
const options = routing === null
  ? { seed: 20_260_827, markets: 1000, deltas: 200_000 }
  : { seed: 20_260_829, markets: Number(routing[1]), deltas: 200_000, activity: 'round-robin', levels: 50, tickerPrefix: 'RR' };
const w = await ask<{ markets: string[]; deltaCount: number }>({ type: 'load', options }, 'loaded');
for (let r = 0; r < rounds; r++) {
  const conn = connect({ url });
  let count = 0;
  let ready = 0;
  let t0 = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      if (count === 0) t0 = performance.now();
      if (++count === w.deltaCount) resolve();
    };
    if (mode === 'book') {
      for (const m of w.markets) {
        let first = true;
        conn.orderbook(m).subscribe(() => {
          if (first) {
            first = false;
            if (++ready === w.markets.length) setTimeout(() => worker.postMessage({ type: 'fire' }), 50);
          } else tick();
        });
      }
    } else if (routing !== null) {
      for (const market of w.markets) {
        conn.channel('orderbook_delta', { market_ticker: market }).subscribe((m) => {
          if (m.type === 'orderbook_delta') tick();
          else if (++ready === w.markets.length) setTimeout(() => worker.postMessage({ type: 'fire' }), 50);
        });
      }
    } else {
      conn.channel('orderbook_delta', { market_tickers: w.markets }).subscribe((m) => {
        if (m.type === 'orderbook_delta') tick();
        else if (++ready === w.markets.length) setTimeout(() => worker.postMessage({ type: 'fire' }), 50);
      });
    }
    conn.channel('ticker', { market_tickers: w.markets }).subscribe();
    conn.channel('trade', { market_tickers: w.markets }).subscribe();
  });
  console.log(`${mode}: ${Math.round((w.deltaCount * 1000) / (performance.now() - t0))} deltas/s`);
  conn.close();
  await new Promise((r) => setTimeout(r, 100));
}
await worker.terminate();
