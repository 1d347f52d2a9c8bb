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
  | { readonly kind: 'unknown'; readonly message: UnknownMessage };

/** Something the connection noticed that belongs to no subscription. */
export type Diagnostic =
  | { readonly kind: 'decode-error'; readonly error: KalshiDecodeError }
  | { readonly kind: 'unknown-message'; readonly type: string; readonly sid: number | undefined }
  | { readonly kind: 'unroutable'; readonly type: string; readonly sid: number | undefined }
  | { readonly kind: 'server-error'; readonly code: number; readonly message: string; readonly sid: number | undefined };
