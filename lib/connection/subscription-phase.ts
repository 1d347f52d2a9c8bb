/**
 * The phase of one server subscription, in the way `ws` keeps one `readyState`. Exactly one
 * command of a subscription is in flight in `subscribing`, `updating` and `releasing`; none in
 * `idle` and `live`, where `reconcile()` may send the next one; `down` waits for a socket.
 * See docs/subscription-core.md for the transitions and the flags each phase replaced.
 *
 * @module
 */

/** The `update_subscription` actions (or a merging `subscribe`) the core sends on a live sid. */
export type UpdateStep = 'add_markets' | 'delete_markets' | 'get_snapshot' | 'subscribe';

/** Where a server subscription is. Each value is a fresh object: a reply checks it still holds its own. */
export type SubscriptionPhase =
  /** No open socket. */
  | { readonly kind: 'down' }
  /** A socket is open and the server holds nothing for this channel. */
  | { readonly kind: 'idle' }
  /** `subscribe` in flight for these markets (undefined: every market). */
  | { readonly kind: 'subscribing'; readonly markets: readonly string[] | undefined }
  /** The server holds `sid`; nothing in flight. */
  | { readonly kind: 'live'; readonly sid: number }
  /** One update of `sid` in flight. */
  | { readonly kind: 'updating'; readonly sid: number; readonly step: UpdateStep; readonly markets: readonly string[] }
  /** `unsubscribe` of `sid` in flight. */
  | { readonly kind: 'releasing'; readonly sid: number };

/** The phases with one command in flight. */
export type InFlightPhase = Extract<SubscriptionPhase, { readonly kind: 'subscribing' | 'updating' | 'releasing' }>;
