/**
 * Health counters of a connection.
 *
 * @module
 */

/** Counters since the connection was created, plus per-sid message age. */
export interface HealthMetrics {
  /** Successful reconnects after an open socket was lost. */
  readonly reconnects: number;
  /** Sequence gaps detected. */
  readonly gaps: number;
  /** Order-book resyncs started (get_snapshot after a gap). */
  readonly resyncs: number;
  /** Duplicate sequenced messages dropped. */
  readonly duplicates: number;
  /** Frames that failed to parse or decode. */
  readonly decodeFailures: number;
  /** Data messages decoded. */
  readonly messages: number;
  /** Subscriptions re-established on a new socket. */
  readonly resubscribes: number;
  /** Deltas dropped because their market awaited a snapshot. */
  readonly droppedUntilSnapshot: number;
  /** Commands refused with error 27 (Too many requests) and retried after a back-off. */
  readonly rateLimited: number;
  /** Order-book invariant violations (each triggers a resync of its market). */
  readonly violations: number;
  /** Live server subscriptions (sids). */
  readonly subscriptions: number;
  /** Commands written to the socket(s), every kind. */
  readonly commandsSent: number;
  /** Commands awaiting a reply. */
  readonly pendingCommands: number;
  /** Milliseconds since the last data message, per sid (-1: none yet). */
  readonly lastMessageAgeMs: Readonly<Record<number, number>>;
  /** A pool's sockets, one entry each (absent on `connect()`). */
  readonly sockets?: readonly SocketMetrics[];
}

/** One socket of a pool in {@link HealthMetrics.sockets}. */
export interface SocketMetrics {
  /** The socket's number in the pool (stable; a rotation's replacement takes a new one). */
  readonly socket: number;
  /** Its state (`connecting`, `open`, `reconnecting`, `closed`). */
  readonly state: string;
  /** Markets placed on it, per channel (`-1`: the whole channel). */
  readonly markets: Readonly<Record<string, number>>;
  /** Markets it may take per channel, as learned from error 26 (absent: not learned). */
  readonly learnedLimits: Readonly<Record<string, number>>;
  /** Commands it has written. */
  readonly commandsSent: number;
  /** Milliseconds since the last data message, per sid of this socket. */
  readonly lastMessageAgeMs: Readonly<Record<number, number>>;
  /** Milliseconds since it opened first. */
  readonly ageMs: number;
}
