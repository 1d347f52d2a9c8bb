/**
 * The bench's side of a firehose thread (bench/firehose-worker.ts): load a seeded stream, fire
 * it (saturated, paced, or split per connection), drop every connection, count commands.
 */
import { Worker } from 'node:worker_threads';
import type { FirehoseRequest } from './firehose-worker.js';
import type { WorkloadOptions } from './workload.js';

/** What a firehose loaded: the stream's markets, counts and shape. */
export interface Loaded {
  readonly markets: string[];
  readonly deltaCount: number;
  readonly frameCount: number;
  readonly otherOrder: number;
  readonly depthMin: number;
  readonly depthMax: number;
  readonly depthMean: number;
  readonly bytes: number;
}

/** Frames `[from, to)` of a loaded stream and the deltas among them. */
export interface StreamSlice {
  readonly from: number;
  readonly to: number;
  readonly deltas: number;
}

/** One firehose thread and the WebSocket server it listens on. */
export class Firehose {
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

  /** The id of the newest open connection: a client's own, asked right after it connected. */
  async newest(): Promise<number> {
    return (await this.ask<{ id: number }>({ type: 'newest' }, 'newest')).id;
  }

  /** The loaded stream cut into about `count` slices, each ending with a delta frame. */
  async slices(count: number): Promise<StreamSlice[]> {
    return (await this.ask<{ slices: StreamSlice[] }>({ type: 'slices', count }, 'slices')).slices;
  }

  /** Frames `[from, to)` of the stream to connection `conn` only, saturated (its seqs continue). */
  fireSlice(conn: number, slice: StreamSlice): Promise<unknown> {
    return this.ask({ type: 'fire-slice', conn, from: slice.from, to: slice.to }, 'fired');
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
