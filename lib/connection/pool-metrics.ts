/**
 * The counters of {@link HealthMetrics} that a pool sums over its sockets.
 *
 * @module
 */
import type { HealthMetrics } from './health-metrics.js';

/** The summable counters. */
export type Counters = { -readonly [K in CounterName]: number };

type CounterName = 'reconnects' | 'gaps' | 'resyncs' | 'duplicates' | 'decodeFailures' | 'messages' | 'resubscribes' | 'droppedUntilSnapshot' | 'rateLimited' | 'violations' | 'commandsSent';

const NAMES: readonly CounterName[] = ['reconnects', 'gaps', 'resyncs', 'duplicates', 'decodeFailures', 'messages', 'resubscribes', 'droppedUntilSnapshot', 'rateLimited', 'violations', 'commandsSent'];

/** All counters at zero. */
export function emptyCounters(): Counters {
  return Object.fromEntries(NAMES.map((n) => [n, 0])) as Counters;
}

/** Adds the counters of `from` to `into`. */
export function addCounters(into: Counters, from: Pick<HealthMetrics, CounterName>): void {
  for (const n of NAMES) into[n] += from[n];
}
