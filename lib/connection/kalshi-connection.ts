/**
 * `connect()`: one multiplexed Kalshi socket whose channel subscriptions are cold Observables,
 * with reconnect, restore, keep-alive watchdog and sequence-gap resync built in.
 *
 * @module
 */
import { asyncScheduler, isObservable, map, Observable, type SchedulerLike, Subject, type Subscription } from 'rxjs';
import { createSigner } from '../auth/create-signer.js';
import { CHANNELS, type ChannelName, isChannelName, type MarketFilteredChannel } from '../channels/channel-names.js';
import type { SubscribeParams, UpdateSubscriptionParams } from '../protocol/commands.js';
import { type ChannelMessageMap, type DataMessage, marketOf, type UnknownMessage } from '../protocol/data-message.js';
import { KalshiDecodeError } from '../protocol/decode-error.js';
import { decodeFrame, frameText } from '../protocol/decode-frame.js';
import { ErrorCode, isTerminalErrorCode } from '../protocol/error-codes.js';
import { type ErrorReply, type OkReply, okMarketTickers, okSubscriptions, type Reply, type SubscriptionInfo } from '../protocol/replies.js';
import type { ChannelEvent, Diagnostic } from './channel-event.js';
import { CommandRegistry } from './command-registry.js';
import { type ConnectOptions, maxFrameBytesOf, resolveUrl } from './connect-options.js';
import { KalshiCommandError, KalshiConnectionClosedError, KalshiConnectionLostError, KalshiTimeoutError } from './connection-errors.js';
import type { CloseReason, ConnectionStatus } from './connection-status.js';
import type { HealthMetrics } from './health-metrics.js';
import { SocketDriver } from './socket-driver.js';
import type { Fill } from '../channels/fill.js';
import type { MarketPosition } from '../channels/market-positions.js';
import type { Ticker } from '../channels/ticker.js';
import type { Trade } from '../channels/trade.js';
import type { UserOrder } from '../channels/user-orders.js';
import type { BookViolation, OrderBook } from '../orderbook/order-book.js';
import { BookFolder, type BookInput } from '../orderbook/book-folder.js';
import { perMarket } from '../operators/per-market.js';
import { shareLatest } from '../internal/share-latest.js';
import { type ChannelOptions, type DeliveryMode, type Sink, SubscriptionGroup, type Subscriber_ } from './subscription-group.js';
import { marketsOf, optionsKey } from './channel-params.js';
import type { ChannelParams, KalshiConnection, MarketSelection, OrderBookOptions } from './kalshi-connection-api.js';

const TOO_MANY_REQUESTS = ErrorCode.TooManyRequests;

class Connection implements KalshiConnection {
  private readonly scheduler: SchedulerLike;
  private readonly commands: CommandRegistry;
  private readonly diagnostics = new Subject<Diagnostic>();
  private readonly groups = new Map<ChannelName, SubscriptionGroup>();
  private readonly routes = new Map<number, SubscriptionGroup>();
  private readonly waitingForOpen: (() => void)[] = [];
  private readonly driver: SocketDriver;
  private closed = false;
  private staleTimer: Subscription | undefined;
  private nextSubId = 1;
  private readonly maxFrameBytes: number;
  private readonly books = new Map<string, Observable<OrderBook>>();
  private readonly m = { rateLimited: 0, violations: 0, reconnects: 0, gaps: 0, resyncs: 0, duplicates: 0, decodeFailures: 0, messages: 0, resubscribes: 0, droppedUntilSnapshot: 0 };

  readonly status$: Observable<ConnectionStatus>;
  readonly diagnostics$: Observable<Diagnostic>;

  constructor(private readonly options: ConnectOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.maxFrameBytes = maxFrameBytesOf(options);
    const url = resolveUrl(options);
    const signer = options.auth === undefined ? undefined : createSigner(options.auth, new URL(url).pathname);
    const commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.commands = new CommandRegistry(this.scheduler, commandTimeoutMs, (id) => new KalshiTimeoutError(`no reply to command ${id} within ${commandTimeoutMs} ms`));
    this.driver = new SocketDriver(options, url, signer, this.scheduler, {
      onOpen: () => this.onOpen(),
      onFrame: (data) => this.onFrame(data),
      onDown: (reason, wasOpen) => this.onDown(reason, wasOpen),
      onClosed: (_reason, error) => this.onClosed(error),
      onOversize: () => this.diagnostics.next({ kind: 'frame-too-large', limitBytes: this.maxFrameBytes }),
    });
    this.status$ = this.driver.status$;
    this.diagnostics$ = this.diagnostics.asObservable();
    this.driver.start();
  }

  // ---------------------------------------------------------------- public API

  channel<C extends ChannelName>(name: C, params: ChannelParams = {}): Observable<ChannelMessageMap[C]> {
    return this.subscription<ChannelMessageMap[C]>(name, params, 'data');
  }

  events<C extends ChannelName>(name: C, params: ChannelParams = {}): Observable<ChannelEvent<ChannelMessageMap[C]>> {
    return this.subscription<ChannelEvent<ChannelMessageMap[C]>>(name, params, 'events');
  }

  /** Validates the request now (fail fast) and returns the cold Observable of one subscriber. */
  private subscription<T>(name: ChannelName, params: ChannelParams, mode: DeliveryMode): Observable<T> {
    const attach = this.attacher(name, params);
    return new Observable<T>((subscriber) => attach(subscriber, mode));
  }

  /**
   * Validates a request now (fail fast) and returns the function that joins one subscriber to
   * it, delivering into any {@link Sink}, and returns its teardown.
   */
  private attacher(name: ChannelName, params: ChannelParams): (sink: Sink, mode: DeliveryMode) => (() => void) | undefined {
    if (typeof name !== 'string' || !isChannelName(name)) {
      throw new TypeError(`unknown Kalshi channel ${JSON.stringify(name)}; known channels: ${Object.keys(CHANNELS).join(', ')}`);
    }
    const info = CHANNELS[name];
    const markets = marketsOf(params);
    if (info.marketFilter === 'required' && markets === undefined) {
      throw new TypeError(`${name} needs market_ticker or market_tickers`);
    }
    const { market_ticker: _a, market_tickers: _b, ...options } = params;
    return (sink, mode) => {
      if (this.closed) {
        sink.error(new KalshiConnectionClosedError('connection is closed'));
        return undefined;
      }
      const sub = this.join(name, info.marketFilter === 'none' ? undefined : markets, options, sink, mode);
      return () => this.leave(name, sub);
    };
  }

  orderbook(marketTicker: string, options: OrderBookOptions = {}): Observable<OrderBook> {
    if (typeof marketTicker !== 'string' || marketTicker.trim() === '') throw new TypeError('orderbook() needs a market ticker');
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
        if (resyncOnViolation) this.resyncMarkets('orderbook_delta', [v.marketTicker]);
      },
    };
    // The fold sits directly in the routing sink: bare deltas in, books out, no operator layers.
    const book$: Observable<OrderBook> = shareLatest(
      new Observable<OrderBook>((subscriber) => {
        const folder = new BookFolder(marketTicker, fold, (book) => subscriber.next(book));
        return attach({ next: (v) => folder.push(v as BookInput), error: (e) => subscriber.error(e), complete: () => subscriber.complete() }, 'mixed');
      }),
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
    return this.userCommand({ cmd: 'list_subscriptions' }, 'list_subscriptions').pipe(
      map((reply) => {
        const subs = reply.type === 'ok' ? okSubscriptions(reply) : undefined;
        if (subs === undefined) throw new TypeError(`list_subscriptions: unexpected reply ${reply.type}`);
        return subs;
      }),
    );
  }

  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply> {
    const single = params.sid !== undefined ? [params.sid] : params.sids;
    if (single === undefined || single.length !== 1 || (params.sid !== undefined && params.sids !== undefined)) {
      throw new TypeError('update_subscription needs exactly one subscription: give sid, or sids with one element');
    }
    return this.userCommand({ cmd: 'update_subscription', params }, 'update_subscription').pipe(
      map((reply) => {
        if (reply.type !== 'ok') throw new TypeError(`update_subscription: unexpected reply ${reply.type}`);
        return reply;
      }),
    );
  }

  metrics(periodMs = 1000): Observable<HealthMetrics> {
    const self = this;
    return new Observable<HealthMetrics>((subscriber) => {
      subscriber.next(self.metricsNow());
      return self.scheduler.schedule(function tick() {
        if (self.closed) {
          subscriber.complete();
          return;
        }
        subscriber.next(self.metricsNow());
        this.schedule(undefined, periodMs);
      }, periodMs);
    });
  }

  metricsNow(): HealthMetrics {
    const now = this.scheduler.now();
    const lastMessageAgeMs: Record<number, number> = {};
    for (const [sid, g] of this.routes) {
      g.sample(now);
      lastMessageAgeMs[sid] = now - g.lastDataAt;
    }
    return { ...this.m, subscriptions: this.routes.size, pendingCommands: this.commands.size, lastMessageAgeMs };
  }

  close(): void {
    if (this.closed) return;
    this.driver.close();
    this.end(new KalshiConnectionClosedError('connection closed'), (s) => s.sink.complete());
  }

  // ---------------------------------------------------------------- socket events (from the driver)

  private onOpen(): void {
    this.armDataStaleness();
    for (const g of this.groups.values()) this.sync(g);
    for (const run of this.waitingForOpen.splice(0)) run();
  }

  private armDataStaleness(): void {
    const after = this.options.dataStaleAfterMs ?? 0;
    if (after <= 0 || this.staleTimer !== undefined) return;
    const conn = this;
    const period = Math.max(1, Math.floor(after / 2));
    this.staleTimer = this.scheduler.schedule(function tick() {
      if (conn.closed) return;
      const now = conn.scheduler.now();
      for (const g of conn.groups.values()) {
        if (g.sid === undefined) continue;
        g.sample(now);
        if (g.staleReported) continue;
        const since = now - g.lastDataAt;
        if (since >= after) {
          g.staleReported = true;
          g.status({ state: 'stale', sid: g.sid, silentForMs: since });
        }
      }
      this.schedule(undefined, period);
    }, period);
  }

  /** The socket is gone: every sid with it. Subscribers learn it; a reconnect (if any) restores them. */
  private onDown(reason: CloseReason, wasOpen: boolean): void {
    if (this.closed) return;
    this.commands.failAll(new KalshiConnectionLostError(`socket ${reason} before the reply arrived`));
    this.routes.clear();
    const now = this.scheduler.now();
    for (const g of this.groups.values()) {
      const hadSid = g.sid !== undefined;
      g.resetServerState();
      if (hadSid || wasOpen) {
        g.downSince ??= now;
        g.status({ state: 'disconnected', reason });
      }
    }
    if (wasOpen && reason !== 'auth') this.m.reconnects++;
  }

  /** The connection ended for good: every subscriber and pending command gets `error`. */
  private onClosed(error: Error): void {
    if (this.closed) return;
    this.end(error, (s) => s.sink.error(error));
  }

  /**
   * Ends the connection (by `close()` or for good): pending commands fail with `commandError`,
   * commands still waiting for the socket to open fail too, every subscriber is finished.
   */
  private end(commandError: Error, finish: (s: Subscriber_) => void): void {
    this.closed = true;
    this.staleTimer?.unsubscribe();
    this.commands.failAll(commandError);
    for (const run of this.waitingForOpen.splice(0)) run();
    const groups = [...this.groups.values()];
    this.groups.clear();
    this.routes.clear();
    for (const g of groups) {
      for (const s of [...g.subs]) {
        s.closed = true;
        finish(s);
      }
    }
    this.diagnostics.complete();
  }

  // ---------------------------------------------------------------- inbound frames

  private onFrame(raw: unknown): void {
    const data = frameText(raw);
    if (data === undefined) {
      this.m.decodeFailures++;
      this.diagnostics.next({ kind: 'decode-error', error: new KalshiDecodeError('parse', [{ path: '', message: 'a binary frame that is not UTF-8 text' }], '') });
      return;
    }
    // Node's socket enforces the limit itself (maxPayload); this covers the others.
    if (data.length > this.maxFrameBytes) {
      this.m.decodeFailures++;
      this.diagnostics.next({ kind: 'frame-too-large', limitBytes: this.maxFrameBytes });
      return;
    }
    this.options.onRawFrame?.(data);
    const frame = decodeFrame(data);
    switch (frame.kind) {
      case 'data':
        this.m.messages++;
        this.onData(frame.message);
        return;
      case 'reply':
        this.onReply(frame.reply);
        return;
      case 'unknown':
        this.onUnknown(frame.message);
        return;
      case 'invalid': {
        this.m.decodeFailures++;
        const group = frame.error.sid === undefined ? undefined : this.routes.get(frame.error.sid);
        group?.emit(undefined, { kind: 'decode-error', error: frame.error });
        this.diagnostics.next({ kind: 'decode-error', error: frame.error });
        return;
      }
    }
  }

  private onUnknown(message: UnknownMessage): void {
    const group = message.sid === undefined ? undefined : this.routes.get(message.sid);
    this.diagnostics.next({ kind: 'unknown-message', type: message.type, sid: message.sid });
    if (group === undefined) return;
    group.messages++;
    group.emit(marketOf(message), { kind: 'unknown', message });
  }

  private onData(message: DataMessage): void {
    const group = this.routes.get(message.sid);
    if (group === undefined) {
      this.diagnostics.next({ kind: 'unroutable', type: message.type, sid: message.sid });
      return;
    }
    group.messages++;
    if (group.staleReported) {
      group.staleReported = false;
      group.status({ state: 'live', sid: message.sid });
    }
    if (group.info.sequenced && message.seq !== undefined && !this.acceptSeq(group, message.sid, message.seq)) return;
    if (message.type === 'orderbook_snapshot') {
      const market = message.msg.market_ticker;
      const wasSuspect = group.suspect.delete(market);
      group.deliver(market, message);
      if (wasSuspect && group.resyncing && group.suspect.size === 0) {
        group.resyncing = false;
        group.resyncTimer?.unsubscribe();
        group.resyncTimer = undefined;
        group.statusFor(group.resyncMarkets, { state: 'live', sid: message.sid, markets: group.resyncMarkets });
      }
      return;
    }
    if (message.type === 'orderbook_delta') {
      const market = message.msg.market_ticker;
      if (group.suspect.size > 0 && group.suspect.has(market)) {
        this.m.droppedUntilSnapshot++;
        return;
      }
      group.deliver(market, message);
      return;
    }
    group.deliver(marketOf(message), message);
  }

  /**
   * Checks one `seq` on `group` (a message's, or a reply's: replies on a sid consume a seq).
   * A gap (or a poisoned seq) is reported and starts a resync on book channels. Returns false
   * for a duplicate, which the caller drops.
   */
  private acceptSeq(group: SubscriptionGroup, sid: number, seq: number): boolean {
    const verdict = group.seq.check(seq);
    if (verdict.kind === 'duplicate') {
      this.m.duplicates++;
      return false;
    }
    if (verdict.kind === 'gap') {
      this.m.gaps++;
      group.status({ state: 'gap', sid, expected: verdict.expected, received: verdict.received });
      if (group.info.recovery === 'snapshot') this.startResync(group);
    }
    return true;
  }

  private onReply(reply: Reply): void {
    if ((reply.type === 'ok' || reply.type === 'error') && reply.sid !== undefined && reply.seq !== undefined) {
      const group = this.routes.get(reply.sid);
      if (group !== undefined && group.info.sequenced) this.acceptSeq(group, reply.sid, reply.seq);
    }
    if (this.commands.resolve(reply)) return;
    if (reply.type === 'error') {
      this.onUnclaimedError(reply);
      return;
    }
    this.diagnostics.next({ kind: 'unroutable', type: reply.type, sid: 'sid' in reply ? reply.sid : undefined });
  }

  /** An error that answers no command: a terminal error on a live subscription, or noise. */
  private onUnclaimedError(reply: ErrorReply): void {
    const group = reply.sid === undefined ? undefined : this.routes.get(reply.sid);
    this.diagnostics.next({ kind: 'server-error', code: reply.msg.code, message: reply.msg.msg, sid: reply.sid });
    if (group === undefined) return;
    const market = reply.msg.market_ticker;
    group.emit(market, { kind: 'server-error', code: reply.msg.code, message: reply.msg.msg, market });
    if (isTerminalErrorCode(reply.msg.code)) this.resubscribe(group, reply.msg.code);
  }

  // ---------------------------------------------------------------- subscriptions

  private join(channel: ChannelName, markets: readonly string[] | undefined, options: ChannelOptions, sink: Sink, mode: DeliveryMode): Subscriber_ {
    const key = optionsKey(options);
    let group = this.groups.get(channel);
    if (group !== undefined && group.optionsKey !== key) {
      throw new TypeError(`${channel} is already subscribed on this connection with other options (${group.optionsKey} vs ${key}); Kalshi merges subscriptions per channel, so use one set of options per channel and connection`);
    }
    if (group === undefined) {
      group = new SubscriptionGroup(channel, CHANNELS[channel], options, key);
      this.groups.set(channel, group);
    }
    const sub: Subscriber_ = { id: this.nextSubId++, markets, mode, sink, live: false, closed: false };
    if (channel === 'orderbook_delta' && markets !== undefined) {
      for (const m of markets) if (group.serverMarkets.has(m)) group.needSnapshot.add(m);
    }
    group.add(sub);
    if (group.sid !== undefined && this.covered(group, sub)) this.markLive(group);
    this.requestSync(group);
    return sub;
  }

  private leave(channel: ChannelName, sub: Subscriber_): void {
    if (sub.closed) return;
    sub.closed = true;
    const group = this.groups.get(channel);
    if (group === undefined || !group.subs.has(sub)) return;
    group.remove(sub);
    this.requestSync(group);
  }

  private covered(group: SubscriptionGroup, sub: Subscriber_): boolean {
    if (group.serverWhole || group.info.marketFilter === 'none') return true;
    if (sub.markets === undefined) return false;
    return sub.markets.every((m) => group.serverMarkets.has(m));
  }

  private markLive(group: SubscriptionGroup): void {
    const sid = group.sid;
    if (sid === undefined) return;
    for (const s of group.subs) {
      if (s.live || !this.covered(group, s)) continue;
      s.live = true;
      if (s.mode !== 'data') s.sink.next({ kind: 'status', status: { state: 'live', sid, ...(s.markets === undefined ? {} : { markets: s.markets }) } });
    }
  }

  /** Schedules a sync of `group` once per scheduler turn, so joins and leaves of one turn share a command. */
  private requestSync(group: SubscriptionGroup): void {
    if (group.syncScheduled) return;
    group.syncScheduled = true;
    this.scheduler.schedule(() => {
      group.syncScheduled = false;
      this.sync(group);
    });
  }

  /** Brings the server subscription of `group` in line with its subscribers, one command at a time. */
  private sync(group: SubscriptionGroup): void {
    if (!this.driver.isOpen || group.busy || this.closed) return;
    if (group.subs.size === 0) {
      if (this.groups.get(group.channel) === group) this.groups.delete(group.channel);
      const sid = group.sid;
      if (sid !== undefined) {
        this.routes.delete(sid);
        group.resetServerState();
        this.internalCommand({ cmd: 'unsubscribe', params: { sids: [sid] } }, group, () => undefined, [sid]);
      }
      return;
    }
    if (group.sid === undefined) {
      this.subscribe(group);
      return;
    }
    const sid = group.sid;
    if (group.wantsWhole && !group.serverWhole) {
      // A market-filtered sid cannot widen to every market: subscribe afresh.
      this.routes.delete(sid);
      group.resetServerState();
      this.internalCommand({ cmd: 'unsubscribe', params: { sids: [sid] } }, group, () => this.sync(group), [sid]);
      return;
    }
    if (group.serverWhole) return;
    const desired = group.desiredMarkets();
    const toAdd = desired.filter((m) => !group.serverMarkets.has(m));
    const actions = group.info.updateActions as readonly string[];
    if (toAdd.length > 0) {
      if (group.channel === 'orderbook_delta') for (const m of toAdd) group.suspect.add(m);
      const done = (reply: Reply): void => {
        if (reply.type === 'ok') for (const m of [...toAdd, ...(okMarketTickers(reply) ?? [])]) group.serverMarkets.add(m);
        this.markLive(group);
      };
      if (actions.includes('add_markets')) {
        this.internalCommand({ cmd: 'update_subscription', params: { sid, market_tickers: toAdd, action: 'add_markets', ...this.addExtras(group) } }, group, done, undefined, toAdd);
      } else {
        this.internalCommand({ cmd: 'subscribe', params: { channels: [group.channel], market_tickers: toAdd, ...group.options } }, group, done, undefined, toAdd);
      }
      return;
    }
    const toDelete = [...group.serverMarkets].filter((m) => !group.byMarket.has(m));
    if (toDelete.length > 0 && actions.includes('delete_markets')) {
      for (const m of toDelete) {
        group.suspect.delete(m);
        group.needSnapshot.delete(m);
      }
      this.internalCommand({ cmd: 'update_subscription', params: { sid, market_tickers: toDelete, action: 'delete_markets' } }, group, () => {
        for (const m of toDelete) group.serverMarkets.delete(m);
      }, undefined, toDelete);
      return;
    }
    const snap = [...group.needSnapshot].filter((m) => group.byMarket.has(m));
    group.needSnapshot.clear();
    if (snap.length > 0 && !group.resyncing) {
      for (const m of snap) group.suspect.add(m);
      this.internalCommand({ cmd: 'update_subscription', params: { sid, market_tickers: snap, action: 'get_snapshot' } }, group, () => undefined, undefined, snap);
    }
  }

  private addExtras(group: SubscriptionGroup): { send_initial_snapshot?: boolean } {
    return group.options.send_initial_snapshot === undefined ? {} : { send_initial_snapshot: group.options.send_initial_snapshot };
  }

  private subscribe(group: SubscriptionGroup): void {
    const markets = group.wantsWhole ? undefined : group.desiredMarkets();
    const params: SubscribeParams = { channels: [group.channel], ...(markets === undefined ? {} : { market_tickers: markets }), ...group.options };
    if (group.channel === 'orderbook_delta') for (const m of markets ?? []) group.suspect.add(m);
    this.internalCommand({ cmd: 'subscribe', params }, group, (reply) => {
      let sid: number | undefined;
      if (reply.type === 'subscribed') sid = reply.msg.sid;
      else if (reply.type === 'ok') sid = reply.sid;
      if (sid === undefined) {
        this.diagnostics.next({ kind: 'unroutable', type: reply.type, sid: undefined });
        return;
      }
      const now = this.scheduler.now();
      group.sid = sid;
      group.seq.reset();
      group.serverWhole = markets === undefined;
      for (const m of markets ?? []) group.serverMarkets.add(m);
      if (reply.type === 'ok') for (const m of okMarketTickers(reply) ?? []) group.serverMarkets.add(m);
      this.routes.set(sid, group);
      group.lastDataAt = now;
      group.sampledMessages = group.messages;
      if (group.downSince !== undefined) {
        this.m.resubscribes++;
        group.status({ state: 'reconnected', sid, downForMs: now - group.downSince });
        group.downSince = undefined;
      }
      if (group.resubscribedAfter !== undefined) {
        group.status({ state: 'resubscribed', sid, code: group.resubscribedAfter });
        group.resubscribedAfter = undefined;
      }
      for (const s of group.subs) s.live = false;
      this.markLive(group);
    }, undefined, markets);
  }

  /**
   * Sends a command for `group`, marks the group busy until the reply, then syncs again.
   * An error reply fails the subscribers of `markets` (all subscribers when undefined).
   */
  private internalCommand(
    body: { cmd: 'subscribe'; params: SubscribeParams } | { cmd: 'unsubscribe'; params: { sids: number[] } } | { cmd: 'update_subscription'; params: UpdateSubscriptionParams },
    group: SubscriptionGroup,
    onOk: (reply: Reply) => void,
    unsubscribeSids?: readonly number[],
    markets?: readonly string[],
  ): void {
    const epoch = this.driver.epoch;
    const isUnsubscribe = body.cmd === 'unsubscribe';
    if (!isUnsubscribe) group.busy = true;
    const release = (): void => {
      if (epoch !== this.driver.epoch) return;
      if (!isUnsubscribe) group.busy = false;
      this.sync(group);
    };
    const id = this.commands.register({
      epoch,
      onReply: (reply) => {
        if (reply.type === 'error' && reply.msg.code === TOO_MANY_REQUESTS && !isUnsubscribe) {
          // Error 27: nothing changed on the server. Keep the group busy, back off, then sync
          // again (which re-sends whatever is still needed); subscribers are not failed.
          this.m.rateLimited++;
          const delay = group.rateLimitDelayMs = Math.min(30_000, group.rateLimitDelayMs === 0 ? 1000 : group.rateLimitDelayMs * 2);
          if (body.cmd === 'update_subscription' && body.params.action === 'get_snapshot') for (const m of markets ?? []) group.needSnapshot.add(m);
          this.scheduler.schedule(release, delay);
          return true;
        }
        if (reply.type === 'error') {
          this.onCommandError(group, body, reply, markets);
        } else {
          group.rateLimitDelayMs = 0;
          onOk(reply);
        }
        release();
        return true;
      },
      onFail: (error) => {
        // No reply to our own subscription command: the socket is not healthy. Start over on
        // a new one (which restores everything) instead of failing the subscribers.
        if (error instanceof KalshiTimeoutError) this.driver.drop(epoch, 'command-timeout');
      },
    }, unsubscribeSids);
    this.send({ id, ...body });
  }

  private onCommandError(group: SubscriptionGroup, body: { cmd: string; params: object }, reply: ErrorReply, markets: readonly string[] | undefined): void {
    const cmd = body.cmd;
    if (cmd === 'unsubscribe' || (cmd === 'update_subscription' && (body.params as { action?: string }).action !== 'add_markets')) {
      // A failed release (unsubscribe, delete_markets) or refresh (get_snapshot) fails no
      // subscriber: report it on diagnostics$.
      this.diagnostics.next({ kind: 'server-error', code: reply.msg.code, message: reply.msg.msg, sid: group.sid });
      return;
    }
    this.failSubs(group, markets, new KalshiCommandError(reply, `${cmd} ${group.channel}`));
  }

  private failSubs(group: SubscriptionGroup, markets: readonly string[] | undefined, error: Error): void {
    const victims = [...group.subs].filter((s) => !s.live && (markets === undefined || s.markets === undefined || s.markets.some((m) => markets.includes(m))));
    for (const s of victims) {
      s.closed = true;
      for (const m of group.remove(s)) group.suspect.delete(m);
      s.sink.error(error);
    }
  }

  /** Requests fresh snapshots for some markets of a channel's sid (book invariant broken). */
  private resyncMarkets(channel: ChannelName, markets: readonly string[]): void {
    const group = this.groups.get(channel);
    if (group === undefined || group.sid === undefined) return;
    this.startResync(group, markets.filter((m) => group.serverMarkets.has(m)));
  }

  private startResync(group: SubscriptionGroup, only?: readonly string[]): void {
    const sid = group.sid;
    if (sid === undefined || group.resyncing || !this.driver.isOpen) return;
    const markets = only ?? [...group.serverMarkets];
    if (markets.length === 0) return;
    group.resyncing = true;
    group.resyncMarkets = markets;
    this.m.resyncs++;
    for (const m of markets) group.suspect.add(m);
    group.statusFor(markets, { state: 'resyncing', sid, markets });
    const epoch = this.driver.epoch;
    group.resyncTimer = this.scheduler.schedule(() => {
      if (epoch !== this.driver.epoch || group.sid !== sid || !group.resyncing) return;
      this.resubscribe(group, 0);
    }, this.options.resyncTimeoutMs ?? 5_000);
    const id = this.commands.register({ epoch, onReply: () => true, onFail: () => undefined });
    this.send({ id, cmd: 'update_subscription', params: { sid, market_tickers: markets, action: 'get_snapshot' } });
  }

  /** The sid is dead (terminal error) or unrecoverable (resync timed out): subscribe it again alone. */
  private resubscribe(group: SubscriptionGroup, code: number): void {
    const oldSid = group.sid;
    if (oldSid !== undefined) this.routes.delete(oldSid);
    group.resetServerState();
    group.resubscribedAfter = code;
    if (code === 0 && oldSid !== undefined) {
      // Resync timed out on a live sid: release it on the server first.
      this.internalCommand({ cmd: 'unsubscribe', params: { sids: [oldSid] } }, group, () => undefined, [oldSid]);
    }
    this.sync(group);
  }

  // ---------------------------------------------------------------- commands

  private send(command: object): void {
    this.driver.send(command);
  }

  /** A user-issued command: sent once the socket is open, emits its final reply, completes. */
  private userCommand(body: { cmd: 'list_subscriptions' } | { cmd: 'update_subscription'; params: UpdateSubscriptionParams }, what: string): Observable<Reply> {
    return new Observable<Reply>((subscriber) => {
      if (this.closed) {
        subscriber.error(new KalshiConnectionClosedError('connection is closed'));
        return undefined;
      }
      let cancelled = false;
      const run = (): void => {
        if (cancelled) return;
        if (this.closed) {
          subscriber.error(new KalshiConnectionClosedError('connection is closed'));
          return;
        }
        const id = this.commands.register({
          epoch: this.driver.epoch,
          onReply: (reply) => {
            if (reply.type === 'error') subscriber.error(new KalshiCommandError(reply, what));
            else {
              subscriber.next(reply);
              subscriber.complete();
            }
            return true;
          },
          onFail: (e) => subscriber.error(e),
        });
        this.send({ id, ...body });
      };
      if (this.driver.isOpen) run();
      else this.waitingForOpen.push(run);
      return () => {
        cancelled = true;
      };
    });
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
