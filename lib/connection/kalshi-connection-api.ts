/**
 * The public shape of a connection: what `connect()` returns and the option types of its
 * methods.
 *
 * @module
 */
import type { Observable } from 'rxjs';
import type { ChannelName } from '../channels/channel-names.js';
import type { Fill } from '../channels/fill.js';
import type { MarketPosition } from '../channels/market-positions.js';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import type { UserOrder } from '../channels/user-orders.js';
import type { BookViolation, OrderBook } from '../orderbook/order-book.js';
import type { SubscribeParams, UpdateSubscriptionParams } from '../protocol/commands.js';
import type { ChannelMessageMap } from '../protocol/data-message.js';
import type { OkReply, SubscriptionInfo } from '../protocol/replies.js';
import type { ChannelEvent, Diagnostic } from './channel-event.js';
import type { ConnectionStatus } from './connection-status.js';
import type { HealthMetrics } from './health-metrics.js';

/** Parameters of `channel()`: every `subscribe` param of reference §3.2 except `channels`. */
export type ChannelParams = Omit<SubscribeParams, 'channels'>;

/** A live Kalshi connection. Create with {@link connect}. */
export interface KalshiConnection {
  /**
   * A cold Observable of one channel's decoded messages. Subscribing sends `subscribe` (or
   * `update_subscription add_markets` when the channel already has a sid on this connection);
   * teardown sends `delete_markets` for markets nobody else wants, or `unsubscribe` when it
   * was the last subscriber.
   *
   * @example
   * connection.channel('ticker', { market_tickers: ['FED-23DEC-T3.00'] })
   *   .subscribe((t) => console.log(t.msg.yes_bid_dollars));
   */
  channel<C extends ChannelName>(name: C, params?: ChannelParams): Observable<ChannelMessageMap[C]>;
  /**
   * Like {@link KalshiConnection.channel}, with continuity status and decode errors
   * interleaved in order, so a consumer cannot miss a gap or a reconnect.
   */
  events<C extends ChannelName>(name: C, params?: ChannelParams): Observable<ChannelEvent<ChannelMessageMap[C]>>;
  /**
   * The live order book of one market: emits after the snapshot and after every applied
   * delta, never a book built on a stale base. Subscribers of the same market share one book
   * and one server subscription; markets of every book share one sid.
   *
   * @example
   * connection.orderbook('FED-23DEC-T3.00').subscribe((b) => console.log(b.bestYesBid, b.impliedYesAsk));
   */
  orderbook(marketTicker: string, options?: OrderBookOptions): Observable<OrderBook>;
  /** Ticker updates for these markets (every market when omitted); markets may change over time. */
  ticker(markets?: MarketSelection): Observable<Ticker>;
  /** Public trades for these markets (every market when omitted). */
  trades(markets?: MarketSelection): Observable<Trade>;
  /** Your fills (private). */
  fills(markets?: MarketSelection): Observable<Fill>;
  /** Your market positions (private). */
  positions(markets?: MarketSelection): Observable<MarketPosition>;
  /** Your order updates (private). */
  userOrders(markets?: MarketSelection): Observable<UserOrder>;
  /** Market and event lifecycle messages (every market). */
  lifecycle(): Observable<ChannelMessageMap['market_lifecycle_v2']>;
  /** Order-group updates (private). */
  orderGroups(): Observable<ChannelMessageMap['order_group_updates']>;
  /** RFQ and quote messages (private). */
  communications(options?: Pick<ChannelParams, 'shard_factor' | 'shard_key' | 'user_filter'>): Observable<ChannelMessageMap['communications']>;
  /** `list_subscriptions`: emits the server's subscriptions and completes. */
  listSubscriptions(): Observable<readonly SubscriptionInfo[]>;
  /** `update_subscription` with your own params: emits the `ok` reply and completes. */
  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply>;
  /** The connection's state; replays the current state to new subscribers. */
  readonly status$: Observable<ConnectionStatus>;
  /** Frames and errors that belong to no subscription. */
  readonly diagnostics$: Observable<Diagnostic>;
  /** Health counters, sampled every `periodMs` on the connection's scheduler. */
  metrics(periodMs?: number): Observable<HealthMetrics>;
  /** The current health counters. */
  metricsNow(): HealthMetrics;
  /**
   * Replaces the socket (each socket of a pool, one at a time) make-before-break: a new socket
   * subscribes to everything, books get fresh snapshots on it, then consumers switch over and
   * the old socket closes. Subscribers see no gap, no duplicate and no status; `status$`
   * reports `rotated` once per socket. Resolves when every handover is done.
   */
  rotate(): Promise<void>;
  /** Closes the socket and completes every subscription. */
  close(): void;
}

/** Markets for a typed stream: a fixed list, or an Observable of the current set. */
export type MarketSelection = readonly string[] | Observable<readonly string[]>;

/** Options of `orderbook()`. */
export interface OrderBookOptions {
  /**
   * NO levels on the YES scale, as `use_yes_price` shows them (default false). Converted exactly
   * from the default subscription (1 − NO price), so books of both scales share one sid.
   */
  readonly useYesPrice?: boolean;
  /** Resync the market when a delta breaks a book invariant (default true). */
  readonly resyncOnViolation?: boolean;
  /** Also called for each invariant violation. */
  readonly onViolation?: (violation: BookViolation) => void;
}
