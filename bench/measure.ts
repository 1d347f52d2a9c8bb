/**
 * Measuring tools of the bench: rates per wall and CPU second, waiting, medians and percentiles,
 * heap after a full GC, nanoseconds per iteration.
 */
import { performance } from 'node:perf_hooks';
import { threadCpuNs } from './thread-cpu.js';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * A throughput measurement: deltas (or books) per wall-clock second, first to last, and per CPU
 * second of the main thread over the same span (the firehose runs in another thread). The CPU
 * rate does not count time the client waits for the CPU, so it moves far less with the machine's
 * load than the wall rate; NaN where the thread's CPU time cannot be read.
 */
export interface Rate {
  readonly wall: number;
  readonly cpu: number;
  /** Event-loop utilization of the client over the run: 1.0 means the client was the bottleneck. */
  readonly utilization: number;
}

/** Counts `n` ticks; `done` resolves with the rate from the first tick to the last. */
export function rateCounter(n: number): { tick: () => void; done: Promise<Rate>; count: () => number } {
  let count = 0;
  let t0 = 0;
  let cpu0: number | undefined = 0;
  let elu0 = performance.eventLoopUtilization();
  let resolve: (rate: Rate) => void = () => undefined;
  const done = new Promise<Rate>((r) => { resolve = r; });
  return {
    tick: () => {
      if (count === 0) {
        t0 = performance.now();
        elu0 = performance.eventLoopUtilization();
        cpu0 = threadCpuNs();
      }
      if (++count === n) {
        const wall = ((n - 1) * 1000) / (performance.now() - t0);
        const cpu1 = threadCpuNs();
        const cpu = cpu0 === undefined || cpu1 === undefined ? Number.NaN : ((n - 1) * 1e9) / (cpu1 - cpu0);
        resolve({ wall, cpu, utilization: performance.eventLoopUtilization(elu0).utilization });
      }
    },
    done,
    count: () => count,
  };
}

/** Waits (polling every 2 ms) until `cond` holds; fails after `ms` naming `what`. */
export const until = async (cond: () => boolean, what: string, ms = 60_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};
/** Resolves after `ms`. */
export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The median of `xs`. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
/** The `q` quantile of `xs` (nearest rank). */
export const percentile = (xs: Float64Array, q: number): number => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
/** A rate rounded, with thousands separators. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en');
/** Heap in use after two full GCs (with `--expose-gc`), KB. */
export const heapKb = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024;
};

/** Nanoseconds per call of `body`, after a warm-up. */
export function nsPer(iterations: number, body: (i: number) => void): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) body(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - t0) / iterations;
}
