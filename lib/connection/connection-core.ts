/**
 * The narrow core a connection surface is built on: attach a port to a validated channel
 * request, resync markets, status, diagnostics, metrics, rotation, close. One socket
 * ({@link SocketCore}) provides all of it but rotation; the pool ({@link PoolCore}), of one socket for `connect()` or several for `connectPool()`, provides it whole; the public
 * API (`channel`, `events`, `orderbook`, the sugar, `metrics`) is written once over it, in
 * {@link ConnectionSurface}.
 *
 * @module
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { UpdateSubscriptionParams } from '../protocol/commands.js';
import type { OkReply, SubscriptionInfo } from '../protocol/replies.js';
import type { Diagnostic } from './channel-event.js';
import type { ChannelRequest } from './channel-params.js';
import type { ConnectionStatus } from './connection-status.js';
import type { HealthMetrics } from './health-metrics.js';
import type { SinkPort } from './sink-port.js';

/** What every connection implementation provides to the public surface. */
export interface ConnectionCore {
  /** The scheduler of every timer. */
  readonly scheduler: SchedulerLike;
  /** The connection's state; replays the current state to new subscribers. */
  readonly status$: Observable<ConnectionStatus>;
  /** Frames and errors that belong to no subscription. */
  readonly diagnostics$: Observable<Diagnostic>;
  /** Whether the connection was closed (by the caller or for good). */
  readonly isClosed: boolean;
  /**
   * Joins `port` to the server subscription of `request` (subscribing when needed) and returns
   * its teardown. On a closed connection the port is ended at once.
   */
  attach(request: ChannelRequest, port: SinkPort): () => void;
  /** Fresh snapshots for `markets` of a snapshot channel (a broken book invariant). */
  resync(channel: ChannelRequest['channel'], markets: readonly string[]): void;
  /** Counts one order-book invariant violation in the metrics. */
  countViolation(): void;
  /** The current health counters. */
  metricsNow(): HealthMetrics;
  /** `list_subscriptions`. */
  listSubscriptions(): Observable<readonly SubscriptionInfo[]>;
  /** `update_subscription` with the caller's params. */
  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply>;
  /** Make-before-break replacement of every socket, one at a time; resolves when every handover is done. */
  rotate(): Promise<void>;
  /** Closes every socket and completes every subscription. */
  close(): void;
}
