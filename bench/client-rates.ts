/**
 * The books client on the main thread, reading a whole stream at once: for the latency figures
 * (paced, frame receipt to book emission) and the pool's one-socket vs four-socket comparison.
 * The throughput figures run their clients slice by slice instead (bench/sliced-rates.ts).
 */
import { connect } from '../lib/connection/kalshi-connection.js';
import { connectPool } from '../lib/connection/connect-pool.js';
import type { PoolOptions } from '../lib/connection/pool-options.js';
import type { Firehose } from './firehose-client.js';
import { pause, type Rate, rateCounter, until } from './measure.js';
import { type Connect, subscribeBooks } from './throughput-clients.js';

/** `orderbook(market)` for every market of the stream (plus ticker and trade): books maintained. */
export async function bookRate(fh: Firehose, latency?: { rate: number; samples: Float64Array }, pool?: PoolOptions, connectWith: Connect = connect): Promise<Rate> {
  const { markets, deltaCount, frameCount } = fh.w;
  let receipt = 0;
  const options = { url: fh.url, ...(latency === undefined ? {} : { onRawFrame: () => { receipt = performance.now(); } }) };
  const conn = pool === undefined ? connectWith(options) : connectPool({ ...options, ...pool });
  const counter = rateCounter(deltaCount);
  let ready = 0;
  const samples = latency?.samples;
  const subs = subscribeBooks(conn, markets, (first) => {
    if (first) ready++;
    else {
      if (samples !== undefined) {
        const i = counter.count();
        if (i < samples.length) samples[i] = performance.now() - receipt;
      }
      counter.tick();
    }
  });
  await until(() => ready === markets.length, 'first books');
  await pause(50);
  void (pool === undefined ? fh.fire(latency === undefined ? undefined : (latency.rate * frameCount) / deltaCount) : fh.fireSplit());
  const rate = await counter.done;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return rate;
}

