/**
 * io-ts codecs for the commands a client sends (reference §3.1–3.5).
 *
 * @module
 */
import * as t from 'io-ts';

/** Parameters of `subscribe` (reference §3.2). */
export const SubscribeParams = t.intersection([
  t.type({ channels: t.array(t.string) }),
  t.partial({
    market_ticker: t.string,
    market_tickers: t.array(t.string),
    market_id: t.string,
    market_ids: t.array(t.string),
    send_initial_snapshot: t.boolean,
    skip_ticker_ack: t.boolean,
    use_yes_price: t.boolean,
    shard_factor: t.number,
    shard_key: t.number,
    user_filter: t.string,
    index_ids: t.array(t.string),
    underlying_tickers: t.array(t.string),
  }),
], 'SubscribeParams');
/** Parameters of `subscribe`. */
export type SubscribeParams = t.TypeOf<typeof SubscribeParams>;

/** `{"id": 1, "cmd": "subscribe", "params": {...}}` */
export const SubscribeCommand = t.type({ id: t.number, cmd: t.literal('subscribe'), params: SubscribeParams }, 'SubscribeCommand');
/** A `subscribe` command. */
export type SubscribeCommand = t.TypeOf<typeof SubscribeCommand>;

/** `{"id": 124, "cmd": "unsubscribe", "params": {"sids": [1, 2]}}` */
export const UnsubscribeCommand = t.type({ id: t.number, cmd: t.literal('unsubscribe'), params: t.type({ sids: t.array(t.number) }) }, 'UnsubscribeCommand');
/** An `unsubscribe` command. */
export type UnsubscribeCommand = t.TypeOf<typeof UnsubscribeCommand>;

/** The `action` of `update_subscription`. */
export const UpdateAction = t.keyof({
  add_markets: null,
  delete_markets: null,
  get_snapshot: null,
  subscribe_indices: null,
  unsubscribe_indices: null,
  indexlist: null,
  subscribe_underlyings: null,
  unsubscribe_underlyings: null,
}, 'UpdateAction');
/** The `action` of `update_subscription`. */
export type UpdateAction = t.TypeOf<typeof UpdateAction>;

/** Parameters of `update_subscription` (reference §3.4): `sid` or a one-element `sids`. */
export const UpdateSubscriptionParams = t.intersection([
  t.type({ action: UpdateAction }),
  t.partial({
    sid: t.number,
    sids: t.array(t.number),
    market_ticker: t.string,
    market_tickers: t.array(t.string),
    market_id: t.string,
    market_ids: t.array(t.string),
    send_initial_snapshot: t.boolean,
    index_ids: t.array(t.string),
    underlying_tickers: t.array(t.string),
  }),
], 'UpdateSubscriptionParams');
/** Parameters of `update_subscription`. */
export type UpdateSubscriptionParams = t.TypeOf<typeof UpdateSubscriptionParams>;

/** `{"id": 125, "cmd": "update_subscription", "params": {...}}` */
export const UpdateSubscriptionCommand = t.type({ id: t.number, cmd: t.literal('update_subscription'), params: UpdateSubscriptionParams }, 'UpdateSubscriptionCommand');
/** An `update_subscription` command. */
export type UpdateSubscriptionCommand = t.TypeOf<typeof UpdateSubscriptionCommand>;

/** `{"id": 3, "cmd": "list_subscriptions"}` */
export const ListSubscriptionsCommand = t.type({ id: t.number, cmd: t.literal('list_subscriptions') }, 'ListSubscriptionsCommand');
/** A `list_subscriptions` command. */
export type ListSubscriptionsCommand = t.TypeOf<typeof ListSubscriptionsCommand>;

/** Any command a client sends. */
export const Command = t.union([SubscribeCommand, UnsubscribeCommand, UpdateSubscriptionCommand, ListSubscriptionsCommand], 'Command');
/** Any command a client sends. */
export type Command = t.TypeOf<typeof Command>;
