/**
 * The typed port between the connection's router and one consumer: `data` on the hot path,
 * `status` for continuity, `problem` for per-subscription decode errors and unknown messages,
 * `end` once. `channel()`, `events()` and `orderbook()` each implement it once; nothing sniffs
 * the shape of a value to find out what it is.
 *
 * @module
 */
import type { UnknownMessage } from '../protocol/data-message.js';
import type { KalshiDecodeError } from '../protocol/decode-error.js';
import type { SubscriptionStatus } from './connection-status.js';

/** A problem that belongs to one subscription but is not data. */
export type SubscriptionProblem =
  | { readonly kind: 'decode-error'; readonly error: KalshiDecodeError }
  | { readonly kind: 'unknown'; readonly message: UnknownMessage }
  /** An `error` the server sent on this sid without answering a command (reference §11). */
  | { readonly kind: 'server-error'; readonly code: number; readonly message: string; readonly market: string | undefined };

/** What a delivery calls with a data message: a port's `receiver` (see {@link SinkPort}). */
export interface DataReceiver {
  /** One data message, as {@link SinkPort.data} takes it. */
  next(message: unknown): void;
}

/** Where one member's values go. */
export interface SinkPort<M = unknown> {
  /** One data message (hot path: must not allocate for `channel()` consumers). */
  data(message: M): void;
  /**
   * The object the routing table calls with each data message instead of `data`, when there is
   * one (its `next` does what `data` does): `channel()`'s rxjs subscriber itself, so a delivery
   * skips the port, one object fewer per message.
   */
  readonly receiver?: DataReceiver;
  /** A continuity change of the subscription. */
  status(status: SubscriptionStatus): void;
  /** A decode error or an unknown message on the member's sid. */
  problem(problem: SubscriptionProblem): void;
  /** The member is finished: completed (no error) or failed. Called at most once. */
  end(error?: unknown): void;
}

/** One cold subscriber of a server subscription. Its `id` is stable across reconnects; the sid is not. */
export interface Member {
  readonly id: number;
  /** The markets it wants, or undefined for every market of the channel. */
  readonly markets: readonly string[] | undefined;
  readonly port: SinkPort;
  /** Whether `live` was reported to it for the current sid. */
  live: boolean;
}
