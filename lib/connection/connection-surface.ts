/**
 * The public {@link KalshiConnection} API written once over a {@link ConnectionCore}: cold
 * `channel()` / `events()` streams, shared live order books, the typed sugar and sampled
 * metrics. `connect()` puts it over one socket, `connectPool()` over a pool of them.
 *
 * @module
 */
import { isObservable, Observable } from 'rxjs';
import type { ChannelName, MarketFilteredChannel } from '../channels/channel-names.js';
import type { Fill } from '../channels/fill.js';
import type { MarketPosition } from '../channels/market-positions.js';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import type { UserOrder } from '../channels/user-orders.js';
import { KalshiUsageError } from '../errors/kalshi-error.js';
import { shareLatest } from '../internal/share-latest.js';
import { perMarket } from '../operators/per-market.js';
import { BookFolder } from '../orderbook/book-folder.js';
import type { BookViolation, OrderBook } from '../orderbook/order-book.js';
import type { UpdateSubscriptionParams } from '../protocol/commands.js';
import type { ChannelMessageMap } from '../protocol/data-message.js';
import type { OkReply, SubscriptionInfo } from '../protocol/replies.js';
import type { ChannelEvent, Diagnostic } from './channel-event.js';
import { channelRequest } from './channel-params.js';
import type { ConnectionCore } from './connection-core.js';
import type { ConnectionStatus } from './connection-status.js';
import type { HealthMetrics } from './health-metrics.js';
import type { ChannelParams, KalshiConnection, MarketSelection, OrderBookOptions } from './kalshi-connection-api.js';
import { dataPort, endSubscriber, eventPort } from './member-ports.js';
import type { SinkPort } from './sink-port.js';

/** {@link KalshiConnection} over any {@link ConnectionCore}. */
export class ConnectionSurface implements KalshiConnection {
  private readonly books = new Map<string, Observable<OrderBook>>();
  readonly status$: Observable<ConnectionStatus>;
  readonly diagnostics$: Observable<Diagnostic>;

  constructor(private readonly core: ConnectionCore) {
    this.status$ = core.status$;
    this.diagnostics$ = core.diagnostics$;
  }

  channel<C extends ChannelName>(name: C, params: ChannelParams = {}): Observable<ChannelMessageMap[C]> {
    const attach = this.attacher(name, params);
    return new Observable<ChannelMessageMap[C]>((subscriber) => attach(dataPort(subscriber)));
  }

  events<C extends ChannelName>(name: C, params: ChannelParams = {}): Observable<ChannelEvent<ChannelMessageMap[C]>> {
    const attach = this.attacher(name, params);
    return new Observable<ChannelEvent<ChannelMessageMap[C]>>((subscriber) => attach(eventPort(subscriber)));
  }

  /** Checks a request now (fail fast) and returns the function that joins one port to it and returns its teardown. */
  private attacher(name: ChannelName, params: ChannelParams): (port: SinkPort) => () => void {
    const request = channelRequest(name, params);
    return (port) => this.core.attach(request, port);
  }

  orderbook(marketTicker: string, options: OrderBookOptions = {}): Observable<OrderBook> {
    if (typeof marketTicker !== 'string' || marketTicker.trim() === '') throw new KalshiUsageError('orderbook() needs a market ticker');
    const useYesPrice = options.useYesPrice ?? false;
    const resyncOnViolation = options.resyncOnViolation ?? true;
    const key = `${marketTicker}|${useYesPrice}|${resyncOnViolation}`;
    const cached = options.onViolation === undefined ? this.books.get(key) : undefined;
    if (cached !== undefined) return cached;
    // Books of both price scales come from one default subscription: YES-scale NO levels are
    // converted exactly (1 − NO price), so they never conflict with other books on the sid.
    const attach = this.attacher('orderbook_delta', { market_ticker: marketTicker });
    const fold = {
      useYesPrice,
      convertNoLeg: useYesPrice,
      onViolation: (v: BookViolation) => {
        this.core.countViolation();
        options.onViolation?.(v);
        if (resyncOnViolation) this.core.resync('orderbook_delta', [v.marketTicker]);
      },
    };
    // The folder is the member's port: bare deltas in, books straight into the shared loop over
    // the book's subscribers, no operator or inner Subscriber layers.
    const book$: Observable<OrderBook> = shareLatest<OrderBook>(
      (sink) => attach(new BookFolder(marketTicker, fold, sink, endSubscriber(sink))),
      () => { if (this.books.get(key) === book$) this.books.delete(key); },
    );
    if (options.onViolation === undefined) this.books.set(key, book$);
    return book$;
  }

  ticker(markets?: MarketSelection): Observable<Ticker> {
    return this.typed('ticker', markets);
  }

  trades(markets?: MarketSelection): Observable<Trade> {
    return this.typed('trade', markets);
  }

  fills(markets?: MarketSelection): Observable<Fill> {
    return this.typed('fill', markets);
  }

  positions(markets?: MarketSelection): Observable<MarketPosition> {
    return this.typed('market_positions', markets);
  }

  userOrders(markets?: MarketSelection): Observable<UserOrder> {
    return this.typed('user_orders', markets);
  }

  lifecycle(): Observable<ChannelMessageMap['market_lifecycle_v2']> {
    return this.channel('market_lifecycle_v2');
  }

  orderGroups(): Observable<ChannelMessageMap['order_group_updates']> {
    return this.channel('order_group_updates');
  }

  communications(options: Pick<ChannelParams, 'shard_factor' | 'shard_key' | 'user_filter'> = {}): Observable<ChannelMessageMap['communications']> {
    return this.channel('communications', options);
  }

  private typed<C extends MarketFilteredChannel>(name: C, markets: MarketSelection | undefined): Observable<ChannelMessageMap[C]> {
    if (markets === undefined) return this.channel(name);
    if (isObservable(markets)) return perMarket(markets, (m) => this.channel(name, { market_ticker: m }));
    // Not spread: marketsOf() checks it is an array (a lone string would spread into characters) and copies it.
    return this.channel(name, { market_tickers: markets as string[] });
  }

  listSubscriptions(): Observable<readonly SubscriptionInfo[]> {
    return this.core.listSubscriptions();
  }

  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply> {
    return this.core.updateSubscription(params);
  }

  metrics(periodMs = 1000): Observable<HealthMetrics> {
    const core = this.core;
    return new Observable<HealthMetrics>((subscriber) => {
      subscriber.next(core.metricsNow());
      return core.scheduler.schedule(function tick() {
        if (core.isClosed) return subscriber.complete();
        subscriber.next(core.metricsNow());
        this.schedule(undefined, periodMs);
      }, periodMs);
    });
  }

  metricsNow(): HealthMetrics {
    return this.core.metricsNow();
  }

  rotate(): Promise<void> {
    return this.core.rotate();
  }

  close(): void {
    this.core.close();
  }
}
