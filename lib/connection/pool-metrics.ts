/**
 * A pool's {@link HealthMetrics}: the counters summed over its sockets (and those it closed), and
 * one {@link SocketMetrics} per socket.
 *
 * @module
 */
import type { ChannelName } from '../channels/channel-names.js';
import type { HealthMetrics, SocketMetrics } from './health-metrics.js';
import type { Slot } from './pool-slot.js';

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

/**
 * The metrics of a pool: `retired` holds the counters of sockets it closed; `cap` gives each
 * socket's market cap per channel; `perSocket` adds the `sockets` list (a pool, not `connect()`).
 */
export function poolMetrics(slots: readonly Slot[], retired: Counters, cap: (slot: Slot, channel: ChannelName) => number, now: number, perSocket: boolean): HealthMetrics {
  const total = emptyCounters();
  addCounters(total, retired);
  const sockets: SocketMetrics[] = [];
  const ages: Record<number, number> = {};
  let subscriptions = 0;
  let pendingCommands = 0;
  for (const s of slots) {
    const m = s.core?.metricsNow();
    if (m !== undefined) {
      addCounters(total, m);
      subscriptions += m.subscriptions;
      pendingCommands += m.pendingCommands;
      for (const [sid, age] of Object.entries(m.lastMessageAgeMs)) ages[Number(sid)] = Math.max(ages[Number(sid)] ?? -1, age);
    }
    sockets.push({
      socket: s.index,
      state: s.core === undefined ? 'waiting' : s.status.state,
      markets: s.load.view((ch) => cap(s, ch)).markets,
      learnedLimits: Object.fromEntries(s.load.limits),
      commandsSent: m?.commandsSent ?? 0,
      lastMessageAgeMs: m?.lastMessageAgeMs ?? {},
      ageMs: s.openedAt === undefined ? 0 : now - s.openedAt,
    });
  }
  return { ...total, subscriptions, pendingCommands, lastMessageAgeMs: ages, ...(perSocket ? { sockets } : {}) };
}
