/**
 * The state of the one socket behind a connection, as `connection.status$` reports it.
 *
 * @module
 */

/** Why a connection is closed or reconnecting. */
export type CloseReason = 'closed-by-client' | 'server-closed' | 'dropped' | 'error' | 'stale' | 'open-timeout' | 'auth' | 'rate-limited' | 'budget-exhausted' | 'command-timeout' | 'signing-failed';

/** Which socket of a pool a status is about (absent on `connect()`). */
export interface SocketTag {
  /** The socket's number in the pool. */
  readonly socket?: number;
}

/**
 * The connection's state:
 * `connecting` → `open` → (`reconnecting` → `connecting` → `open`)* → `closed`, and `rotated`
 * after a make-before-break handover to a new socket (`rotate()`, or automatic). A pool reports
 * each socket's states tagged with `socket`, and `closed` without a tag when the pool closes.
 */
export type ConnectionStatus =
  | ({ readonly state: 'connecting'; readonly attempt: number } & SocketTag)
  | ({ readonly state: 'open'; readonly attempt: number } & SocketTag)
  | ({ readonly state: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly reason: CloseReason; readonly detail: string } & SocketTag)
  | ({ readonly state: 'closed'; readonly reason: CloseReason; readonly error?: Error } & SocketTag)
  /** Socket `socket` was replaced by `by` after `durationMs` of overlap; consumers saw no gap. */
  | ({ readonly state: 'rotated'; readonly by: number; readonly durationMs: number; readonly why: RotationReason } & SocketTag);

/** Why a socket was rotated. */
export type RotationReason = 'requested' | 'age' | 'degraded';

/**
 * Continuity of one subscription, interleaved with its data by `connection.events()`.
 * - `live`: subscribed (or resynced); data from here on is complete.
 * - `gap`: a sequence number was skipped; data of the markets on this sid is suspect until `live`.
 * - `resyncing`: fresh snapshots were requested for these markets.
 * - `stale`: no data for `dataStaleAfterMs` (the feed may just be quiet).
 * - `disconnected`: the socket dropped; a reconnect is under way.
 * - `reconnected`: subscribed again on a new socket after `downForMs`.
 * - `resubscribed`: the server killed the subscription (error 10/25) and it was subscribed again.
 */
export type SubscriptionStatus =
  | { readonly state: 'live'; readonly sid: number; readonly markets?: readonly string[] }
  | { readonly state: 'gap'; readonly sid: number; readonly expected: number; readonly received: number }
  | { readonly state: 'resyncing'; readonly sid: number; readonly markets: readonly string[] }
  | { readonly state: 'stale'; readonly sid: number; readonly silentForMs: number }
  | { readonly state: 'disconnected'; readonly reason: CloseReason }
  | { readonly state: 'reconnected'; readonly sid: number; readonly downForMs: number }
  | { readonly state: 'resubscribed'; readonly sid: number; readonly code: number };
