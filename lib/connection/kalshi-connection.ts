/**
 * `connect()`: one multiplexed Kalshi socket whose channel subscriptions are cold Observables,
 * with reconnect, restore, keep-alive watchdog and sequence-gap resync built in. The connection
 * routes frames by sid and wires three parts: the socket driver, the one command path, and one
 * {@link ServerSubscription} state machine per channel.
 *
 * @module
 */
import { KalshiUsageError } from '../errors/kalshi-error.js';
import { asyncScheduler, isObservable, Observable, type SchedulerLike, Subject, type Subscription } from 'rxjs';
import { createSigner } from '../auth/create-signer.js';
import { CHANNELS, type ChannelName, isChannelName, type MarketFilteredChannel } from '../channels/channel-names.js';
import type { Fill } from '../channels/fill.js';
import type { MarketPosition } from '../channels/market-positions.js';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import type { UserOrder } from '../channels/user-orders.js';
import type { UpdateSubscriptionParams } from '../protocol/commands.js';
import type { ChannelMessageMap } from '../protocol/data-message.js';
import type { OkReply, SubscriptionInfo } from '../protocol/replies.js';
import type { BookViolation, OrderBook } from '../orderbook/order-book.js';
import { BookFolder } from '../orderbook/book-folder.js';
import { perMarket } from '../operators/per-market.js';
import { shareLatest } from '../internal/share-latest.js';
import type { ChannelEvent, Diagnostic } from './channel-event.js';
import { marketsOf, optionsKey } from './channel-params.js';
import { CommandPath } from './command-path.js';
import { type ConnectOptions, maxFrameBytesOf, resolveUrl } from './connect-options.js';
import { FrameRouter } from './frame-router.js';
import { KalshiConnectionClosedError, KalshiConnectionLostError } from './connection-errors.js';
import type { CloseReason, ConnectionStatus } from './connection-status.js';
import type { HealthMetrics } from './health-metrics.js';
import type { ChannelParams, KalshiConnection, MarketSelection, OrderBookOptions } from './kalshi-connection-api.js';
import { Refusals } from './refusals.js';
import { dataPort, endSubscriber, eventPort } from './member-ports.js';
import { listSubscriptions, updateSubscription } from './user-commands.js';
import { type ChannelOptions, type CoreMetric, ServerSubscription, type SubscriptionHost } from './server-subscription.js';
import type { Member, SinkPort } from './sink-port.js';
import { SocketDriver } from './socket-driver.js';

class Connection implements KalshiConnection {
  private readonly scheduler: SchedulerLike;
  private readonly commands: CommandPath;
  private readonly diagnostics = new Subject<Diagnostic>();
  private readonly subs = new Map<ChannelName, ServerSubscription>();
  private readonly router: FrameRouter;
  private readonly pending = new Set<ServerSubscription>();
  /** Refusal memory per channel: outlives a subscription released after its members failed. */
  private readonly refusals = new Map<ChannelName, Refusals>();
  private readonly driver: SocketDriver;
  private readonly host: SubscriptionHost;
  private readonly books = new Map<string, Observable<OrderBook>>();
  private closed = false;
  private staleTimer: Subscription | undefined;
  private nextMemberId = 1;
  private readonly m = { rateLimited: 0, violations: 0, reconnects: 0, gaps: 0, resyncs: 0, duplicates: 0, decodeFailures: 0, messages: 0, resubscribes: 0, droppedUntilSnapshot: 0 };

  readonly status$: Observable<ConnectionStatus>;
  readonly diagnostics$: Observable<Diagnostic>;

  constructor(private readonly options: ConnectOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    const maxFrameBytes = maxFrameBytesOf(options);
    const url = resolveUrl(options);
    const signer = options.auth === undefined ? undefined : createSigner(options.auth, new URL(url).pathname);
    this.driver = new SocketDriver(options, url, signer, this.scheduler, {
      onOpen: () => this.onOpen(),
      onFrame: (data) => this.router.onFrame(data),
      onDown: (reason, wasOpen) => this.onDown(reason, wasOpen),
      onClosed: (_reason, error) => this.end(error, error),
      onOversize: () => this.diagnostics.next({ kind: 'frame-too-large', limitBytes: maxFrameBytes }),
    });
    this.commands = new CommandPath({
      scheduler: this.scheduler,
      timeoutMs: options.commandTimeoutMs ?? 10_000,
      ...(options.commandBudget === undefined ? {} : { budget: options.commandBudget }),
      send: (command) => this.driver.send(command),
      onRateLimited: () => { this.m.rateLimited++; },
    });
    this.router = new FrameRouter(this.commands, this.diagnostics, this.m, options.onRawFrame, maxFrameBytes);
    const conn = this;
    this.host = {
      scheduler: this.scheduler,
      resyncTimeoutMs: options.resyncTimeoutMs ?? 5_000,
      request: (body) => this.commands.request(body),
      route: (sid, sub) => this.router.route(sid, sub),
      replaceSocket: () => this.driver.replace('command-timeout'),
      soon: (sub) => {
        if (conn.pending.has(sub)) return;
        conn.pending.add(sub);
        conn.scheduler.schedule(() => { if (conn.pending.delete(sub) && !conn.closed) sub.reconcile(); });
      },
      released: (sub) => { if (this.subs.get(sub.channel) === sub) this.subs.delete(sub.channel); },
      count: (metric: CoreMetric) => { this.m[metric]++; },
      diagnostic: (d) => this.diagnostics.next(d),
    };
    this.status$ = this.driver.status$;
    this.diagnostics$ = this.diagnostics.asObservable();
    this.driver.start();
  }

  // ---------------------------------------------------------------- public API

  channel<C extends ChannelName>(name: C, params: ChannelParams = {}): Observable<ChannelMessageMap[C]> {
    const attach = this.attacher(name, params);
    return new Observable<ChannelMessageMap[C]>((subscriber) => attach(dataPort(subscriber)));
  }

  events<C extends ChannelName>(name: C, params: ChannelParams = {}): Observable<ChannelEvent<ChannelMessageMap[C]>> {
    const attach = this.attacher(name, params);
    return new Observable<ChannelEvent<ChannelMessageMap[C]>>((subscriber) => attach(eventPort(subscriber)));
  }

  /** Validates a request now (fail fast) and returns the function that joins one port to it and returns its teardown. */
  private attacher(name: ChannelName, params: ChannelParams): (port: SinkPort) => (() => void) | undefined {
    if (typeof name !== 'string' || !isChannelName(name)) {
      throw new KalshiUsageError(`unknown Kalshi channel ${JSON.stringify(name)}; known channels: ${Object.keys(CHANNELS).join(', ')}`);
    }
    const info = CHANNELS[name];
    const markets = marketsOf(params);
    if (info.marketFilter === 'required' && markets === undefined) throw new KalshiUsageError(`${name} needs market_ticker or market_tickers`);
    const { market_ticker: _a, market_tickers: _b, ...options } = params;
    return (port) => {
      if (this.closed) {
        port.end(new KalshiConnectionClosedError('connection is closed'));
        return undefined;
      }
      const sub = this.subscriptionOf(name, options);
      const member: Member = { id: this.nextMemberId++, markets: info.marketFilter === 'none' ? undefined : markets, port, live: false };
      sub.join(member);
      return () => sub.leave(member);
    };
  }

  private subscriptionOf(channel: ChannelName, options: ChannelOptions): ServerSubscription {
    const key = optionsKey(options);
    let sub = this.subs.get(channel);
    if (sub !== undefined && sub.optionsKey !== key) {
      throw new KalshiUsageError(`${channel} is already subscribed on this connection with other options (${sub.optionsKey} vs ${key}); Kalshi merges subscriptions per channel, so use one set of options per channel and connection`);
    }
    if (sub === undefined) {
      let refusals = this.refusals.get(channel);
      if (refusals === undefined) this.refusals.set(channel, (refusals = new Refusals()));
      sub = new ServerSubscription(channel, CHANNELS[channel], options, key, this.host, refusals);
      if (this.driver.isOpen) sub.socketOpen();
      this.subs.set(channel, sub);
    }
    return sub;
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
        this.m.violations++;
        options.onViolation?.(v);
        if (resyncOnViolation) this.subs.get('orderbook_delta')?.resync([v.marketTicker]);
      },
    };
    // The folder is the member's port: bare deltas in, books out, no operator layers.
    const book$: Observable<OrderBook> = shareLatest(
      new Observable<OrderBook>((subscriber) => attach(new BookFolder(marketTicker, fold, (book) => subscriber.next(book), endSubscriber(subscriber)))),
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
    return this.channel(name, { market_tickers: [...markets] });
  }

  listSubscriptions(): Observable<readonly SubscriptionInfo[]> {
    return listSubscriptions(this.commands);
  }

  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply> {
    return updateSubscription(this.commands, params);
  }

  metrics(periodMs = 1000): Observable<HealthMetrics> {
    const self = this;
    return new Observable<HealthMetrics>((subscriber) => {
      subscriber.next(self.metricsNow());
      return self.scheduler.schedule(function tick() {
        if (self.closed) return subscriber.complete();
        subscriber.next(self.metricsNow());
        this.schedule(undefined, periodMs);
      }, periodMs);
    });
  }

  metricsNow(): HealthMetrics {
    const now = this.scheduler.now();
    const lastMessageAgeMs: Record<number, number> = {};
    for (const [sid, sub] of this.router.entries()) lastMessageAgeMs[sid] = sub.feed.dataAgeMs(now);
    return { ...this.m, subscriptions: this.router.size, pendingCommands: this.commands.size, lastMessageAgeMs };
  }

  close(): void {
    if (this.closed) return;
    this.driver.close();
    this.end(new KalshiConnectionClosedError('connection closed'), undefined);
  }

  // ---------------------------------------------------------------- socket events (from the driver)

  private onOpen(): void {
    this.armDataStaleness();
    this.commands.opened();
    for (const sub of [...this.subs.values()]) {
      sub.socketOpen();
      sub.reconcile();
    }
  }

  private armDataStaleness(): void {
    const after = this.options.dataStaleAfterMs ?? 0;
    if (after <= 0 || this.staleTimer !== undefined) return;
    const conn = this;
    this.staleTimer = this.scheduler.schedule(function tick() {
      if (conn.closed) return;
      const now = conn.scheduler.now();
      for (const sub of conn.subs.values()) sub.checkStale(now, after);
      this.schedule(undefined, Math.max(1, Math.floor(after / 2)));
    }, Math.max(1, Math.floor(after / 2)));
  }

  /** The socket is gone, and every sid with it: each subscription goes `down`; a reconnect (if any) restores them. */
  private onDown(reason: CloseReason, wasOpen: boolean): void {
    if (this.closed) return;
    for (const sub of this.subs.values()) sub.socketDown(reason, wasOpen);
    this.router.clear();
    this.commands.down(new KalshiConnectionLostError(`socket ${reason} before the reply arrived`));
    if (wasOpen && reason !== 'auth') this.m.reconnects++;
  }

  /** Ends the connection: commands fail with `commandError`, members end with `memberError` (complete when undefined). */
  private end(commandError: Error, memberError: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.staleTimer?.unsubscribe();
    this.commands.end(commandError);
    const subs = [...this.subs.values()];
    this.subs.clear();
    this.router.clear();
    for (const sub of subs) sub.end(memberError);
    this.diagnostics.complete();
  }
}

/**
 * Opens a connection to Kalshi (or the local simulator) and returns it at once; the socket
 * connects in the background and reconnects by itself. Throws on bad options (bad PEM,
 * unknown env) without echoing key material.
 *
 * @example
 * import { connect } from 'kalshi-rx';
 * const kalshi = connect({ auth: { keyId, privateKeyPem } });
 * kalshi.channel('ticker', { market_tickers: ['FED-23DEC-T3.00'] }).subscribe(console.log);
 */
export function connect(options: ConnectOptions = {}): KalshiConnection {
  return new Connection(options);
}
