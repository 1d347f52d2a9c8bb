/**
 * io-ts codecs for the server's replies to commands (reference §3.2–3.6), in the newest
 * shapes and the older shapes of the 2025 connection page.
 *
 * @module
 */
import * as t from 'io-ts';

/** `{"id": 1, "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 1}}` */
export const SubscribedReply = t.intersection([
  t.type({ type: t.literal('subscribed'), msg: t.type({ channel: t.string, sid: t.number }) }),
  t.partial({ id: t.number }),
], 'SubscribedReply');
/** A `subscribed` reply. */
export type SubscribedReply = t.TypeOf<typeof SubscribedReply>;

/** `{"id": 124, "sid": 2, "seq": 7, "type": "unsubscribed"}` (`id` and `seq` optional: the 2025 page sends neither). */
export const UnsubscribedReply = t.intersection([
  t.type({ type: t.literal('unsubscribed'), sid: t.number }),
  t.partial({ id: t.number, seq: t.number }),
], 'UnsubscribedReply');
/** An `unsubscribed` reply. */
export type UnsubscribedReply = t.TypeOf<typeof UnsubscribedReply>;

/** One entry of a `list_subscriptions` reply. */
export const SubscriptionInfo = t.type({ channel: t.string, sid: t.number }, 'SubscriptionInfo');
/** One entry of a `list_subscriptions` reply. */
export type SubscriptionInfo = t.TypeOf<typeof SubscriptionInfo>;

const OkMarkets = t.partial({ market_tickers: t.array(t.string), market_ids: t.array(t.string) }, 'OkMarkets');

/**
 * The `ok` reply, in every shape Kalshi has used: `msg.market_tickers` (newest), top-level
 * `market_tickers` (2025 page), `msg` as an array (newest list reply), or top-level
 * `subscriptions` (2025 list reply). Only `type` is required.
 */
export const OkReply = t.intersection([
  t.type({ type: t.literal('ok') }),
  t.partial({
    id: t.number,
    sid: t.number,
    seq: t.number,
    msg: t.union([OkMarkets, t.array(SubscriptionInfo)]),
    market_tickers: t.array(t.string),
    market_ids: t.array(t.string),
    subscriptions: t.array(SubscriptionInfo),
  }),
], 'OkReply');
/** An `ok` reply (update or list). */
export type OkReply = t.TypeOf<typeof OkReply>;

/** The market tickers an `ok` reply reports (either shape), or `undefined` when it reports none. */
export function okMarketTickers(reply: OkReply): readonly string[] | undefined {
  if (reply.msg !== undefined && !Array.isArray(reply.msg) && reply.msg.market_tickers !== undefined) return reply.msg.market_tickers;
  return reply.market_tickers;
}

/** The subscriptions a list reply reports (either shape), or `undefined` when this `ok` is not a list reply. */
export function okSubscriptions(reply: OkReply): readonly SubscriptionInfo[] | undefined {
  if (Array.isArray(reply.msg)) return reply.msg;
  return reply.subscriptions;
}

/** `{"id": 7, "type": "error", "msg": {"code": 14, "msg": "Market Ticker required", "market_ticker": "X"}}` */
export const ErrorReply = t.intersection([
  t.type({
    type: t.literal('error'),
    msg: t.intersection([t.type({ code: t.number, msg: t.string }), t.partial({ market_ticker: t.string, market_id: t.string })]),
  }),
  t.partial({ id: t.number, sid: t.number, seq: t.number }),
], 'ErrorReply');
/**
 * An `error` reply. It may carry `sid` (and `seq` on a sequenced channel) when it concerns one
 * subscription, with or without an `id` (§11: `{"type":"error","sid":3,"seq":2,"msg":{"code":13,...}}`).
 */
export type ErrorReply = t.TypeOf<typeof ErrorReply>;

/** Any reply to a command. */
export type Reply = SubscribedReply | UnsubscribedReply | OkReply | ErrorReply;
