/**
 * What `connection.events()` emits: data, continuity status and per-subscription decode errors,
 * in the order they happened.
 *
 * @module
 */
import type { UnknownMessage } from '../protocol/data-message.js';
import type { KalshiDecodeError } from '../protocol/decode-error.js';
import type { SubscriptionStatus } from './connection-status.js';

/** One event of a subscription. */
export type ChannelEvent<M> =
  | { readonly kind: 'data'; readonly message: M }
  | { readonly kind: 'status'; readonly status: SubscriptionStatus }
  | { readonly kind: 'decode-error'; readonly error: KalshiDecodeError }
  | { readonly kind: 'unknown'; readonly message: UnknownMessage }
  /** An `error` the server sent on this subscription's sid without answering a command of ours. */
  | { readonly kind: 'server-error'; readonly code: number; readonly message: string; readonly market: string | undefined };

/** Something the connection noticed that belongs to no subscription. */
export type Diagnostic =
  | { readonly kind: 'decode-error'; readonly error: KalshiDecodeError }
  | { readonly kind: 'unknown-message'; readonly type: string; readonly sid: number | undefined }
  | { readonly kind: 'unroutable'; readonly type: string; readonly sid: number | undefined }
  | { readonly kind: 'server-error'; readonly code: number; readonly message: string; readonly sid: number | undefined }
  /** A frame larger than `maxFrameBytes` arrived; Node's socket closes with 1009 and reconnects, elsewhere the frame is dropped. */
  | { readonly kind: 'frame-too-large'; readonly limitBytes: number };
