/**
 * Throughput measured slice by slice: every client is set up at once, each in its own thread
 * (bench/slice-client.ts), and the stream is fed to them in short slices (~5,000 deltas, tens of
 * milliseconds), client after client, the order rotated every slice. A client and the baseline
 * are measured within a fraction of a second of each other, so the drift of this shared machine
 * (the baseline alone moved 140,000 → 245,000 deltas per CPU second between one-second rounds)
 * hits both alike, and the per-slice ratios show how far the noise still reaches.
 */
import { Worker } from 'node:worker_threads';
import type { Firehose, StreamSlice } from './firehose-client.js';
import { median } from './measure.js';
import type { SliceClientData, SliceClientReply, SliceClientRequest } from './slice-client.js';
import type { ClientName } from './throughput-clients.js';

/** One client to measure: a label, which client, the firehose it reads, and optionally another build's `connect`. */
export interface SlicedSpec {
  readonly label: string;
  readonly name: ClientName;
  readonly firehose: Firehose;
  readonly connectFrom?: string;
}

/** A client's slices over every pass, in order (index i is the same pass and slice for every client). */
export interface SliceSeries {
  readonly cpuNs: number[];
  readonly wallMs: number[];
  readonly deltas: number[];
}

const SLICE_TIMEOUT_MS = 60_000;

/** One client thread: started, set up, then armed and fed one slice at a time. */
class ClientThread {
  private readonly replies: SliceClientReply[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  conn = 0;

  private constructor(readonly spec: SlicedSpec, private readonly worker: Worker) {
    worker.on('message', (m: SliceClientReply) => {
      if (m.type === 'failed') this.failure = new Error(`bench: client ${spec.label}: ${m.error}`);
      else this.replies.push(m);
      this.wake?.();
    });
    worker.on('error', (e) => {
      this.failure = e instanceof Error ? e : new Error(String(e));
      this.wake?.();
    });
  }

  static async start(spec: SlicedSpec, markets: readonly string[]): Promise<ClientThread> {
    const data: SliceClientData = { name: spec.name, url: spec.firehose.url, markets, ...(spec.connectFrom === undefined ? {} : { connectFrom: spec.connectFrom }) };
    const t = new ClientThread(spec, new Worker(new URL('./slice-client.js', import.meta.url), { workerData: data }));
    await t.next('ready');
    t.conn = await spec.firehose.newest();
    return t;
  }

  /** The next reply, which must be of `type`. */
  async next<T extends SliceClientReply['type']>(type: T): Promise<Extract<SliceClientReply, { type: T }>> {
    const deadline = Date.now() + SLICE_TIMEOUT_MS;
    while (this.replies.length === 0 && this.failure === undefined) {
      if (Date.now() > deadline) throw new Error(`bench: client ${this.spec.label} sent no ${type} within ${SLICE_TIMEOUT_MS} ms`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 1_000);
      });
      this.wake = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
    const m = this.replies.shift() as SliceClientReply;
    if (m.type !== type) throw new Error(`bench: client ${this.spec.label} sent ${m.type}, not ${type}`);
    return m as Extract<SliceClientReply, { type: T }>;
  }

  post(m: SliceClientRequest): void {
    this.worker.postMessage(m);
  }

  /** Feeds one slice and returns its CPU and wall time. */
  async slice(s: StreamSlice): Promise<{ cpuNs: number; wallMs: number }> {
    this.post({ type: 'arm', n: this.spec.name === 'ceiling' ? s.to - s.from : s.deltas });
    await this.next('armed');
    const [done] = await Promise.all([this.next('done'), this.spec.firehose.fireSlice(this.conn, s)]);
    return done;
  }

  async close(): Promise<void> {
    this.post({ type: 'close' });
    await this.next('closed');
    await this.worker.terminate();
  }
}

/**
 * Runs `passes` passes of every firehose's whole stream (cut into `slices` slices) through every
 * client: fresh clients each pass, set up one after another, then slice s to each client in turn,
 * starting one client further on every slice; the first `warmup` slices of a pass are not
 * counted. `progress` hears one line per pass.
 */
export async function runSliced(specs: readonly SlicedSpec[], slices: number, passes: number, progress: (line: string) => void, warmup = 2): Promise<Map<string, SliceSeries>> {
  const cuts = new Map<Firehose, StreamSlice[]>();
  for (const s of specs) if (!cuts.has(s.firehose)) cuts.set(s.firehose, await s.firehose.slices(slices));
  const count = Math.min(...[...cuts.values()].map((c) => c.length));
  const out = new Map<string, SliceSeries>(specs.map((s) => [s.label, { cpuNs: [], wallMs: [], deltas: [] }]));
  for (let p = 0; p < passes; p++) {
    const threads: ClientThread[] = [];
    try {
      for (const spec of specs) threads.push(await ClientThread.start(spec, spec.firehose.w.markets));
      const started = Date.now();
      for (let i = 0; i < count; i++) {
        for (let j = 0; j < threads.length; j++) {
          const t = threads[(i + j) % threads.length] as ClientThread;
          const cut = (cuts.get(t.spec.firehose) as StreamSlice[])[i] as StreamSlice;
          const { cpuNs, wallMs } = await t.slice(cut);
          // The first slices of a pass warm the clients up (code not optimized yet): fed, not counted.
          if (i < warmup) continue;
          const series = out.get(t.spec.label) as SliceSeries;
          series.cpuNs.push(cpuNs);
          series.wallMs.push(wallMs);
          series.deltas.push(cut.deltas);
        }
      }
      progress(`pass ${p + 1}/${passes}: ${count} slices (${Math.min(warmup, count)} to warm up) × ${threads.length} clients in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      for (const t of threads) await t.close();
    }
  }
  // Each client's series in pass and slice order (they were pushed in rotated client order).
  return out;
}

/** A client's rate over all its slices: deltas per CPU second and per wall second (first to last delta of each slice). */
export function totalRate(s: SliceSeries): { cpu: number; wall: number } {
  const deltas = s.deltas.reduce((a, b) => a + b, 0);
  return { cpu: (deltas * 1e9) / s.cpuNs.reduce((a, b) => a + b, 0), wall: (deltas * 1e3) / s.wallMs.reduce((a, b) => a + b, 0) };
}

/** Per-slice CPU ratios of `a` to `b` (slice i of both: measured within one rotation of each other). */
export function sliceRatios(a: SliceSeries, b: SliceSeries): number[] {
  return a.cpuNs.map((cpu, i) => ((a.deltas[i] as number) / cpu) / ((b.deltas[i] as number) / (b.cpuNs[i] as number)));
}

/**
 * The median of per-slice ratios, half their interquartile range (how far one slice strays), and
 * the lowest and highest median of one pass's slices (how far the figure itself moves), for
 * ratios in pass order, `passes` passes of equal length.
 */
export function ratioSummary(rs: readonly number[], passes = 1): { median: number; halfIqr: number; passLow: number; passHigh: number } {
  const s = [...rs].sort((x, y) => x - y);
  const q = (f: number): number => s[Math.min(s.length - 1, Math.floor(f * s.length))] as number;
  const per = Math.floor(rs.length / passes);
  const byPass = Array.from({ length: passes }, (_, p) => median(rs.slice(p * per, (p + 1) * per)));
  return { median: median(rs), halfIqr: (q(0.75) - q(0.25)) / 2, passLow: Math.min(...byPass), passHigh: Math.max(...byPass) };
}
