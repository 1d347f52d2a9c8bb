/**
 * One throughput client in its own thread (its own heap and GC, so no client pays for another's
 * books): set up on a firehose's stream, then armed slice by slice by bench/sliced-rates.ts.
 * Armed for `n` ticks, it reports the CPU time of this thread from the arming to the `n`th tick
 * (idle waits are not on the CPU) and the wall time from the first tick to the last.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../lib/connection/kalshi-connection.js';
import { threadCpuNs } from './thread-cpu.js';
import { type ClientName, type Connect, startClient } from './throughput-clients.js';

/** What a client thread is started with. */
export interface SliceClientData {
  readonly name: ClientName;
  readonly url: string;
  readonly markets: readonly string[];
  /** A module (file URL) whose `connect` the client runs instead of this build's. */
  readonly connectFrom?: string;
}

/** Main thread → client thread. */
export type SliceClientRequest = { type: 'arm'; n: number } | { type: 'close' };
/** Client thread → main thread. */
export type SliceClientReply =
  | { type: 'ready' }
  | { type: 'armed' }
  | { type: 'done'; cpuNs: number; wallMs: number }
  | { type: 'closed' }
  | { type: 'failed'; error: string };

const port = parentPort;
if (port === null) throw new Error('slice-client must run in a worker thread');
const data = workerData as SliceClientData;
const post = (m: SliceClientReply): void => port.postMessage(m);

let remaining = 0;
let cpu0 = 0;
let t0 = -1;
let stray = 0;

const tick = (): void => {
  if (remaining === 0) {
    stray++;
    return;
  }
  if (t0 < 0) t0 = performance.now();
  if (--remaining === 0) post({ type: 'done', cpuNs: (threadCpuNs() ?? Number.NaN) - cpu0, wallMs: performance.now() - t0 });
};

try {
  const connectWith = data.connectFrom === undefined ? connect : ((await import(data.connectFrom)) as { connect: Connect }).connect;
  const close = await startClient(data.name, data.url, data.markets, tick, connectWith);
  port.on('message', (m: SliceClientRequest) => {
    if (m.type === 'arm') {
      if (stray > 0) post({ type: 'failed', error: `${data.name}: ${stray} tick(s) outside a slice` });
      remaining = m.n;
      t0 = -1;
      cpu0 = threadCpuNs() ?? Number.NaN;
      post({ type: 'armed' });
      return;
    }
    close();
    post({ type: 'closed' });
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'failed', error: `${data.name}: ${String(e)}` });
}
