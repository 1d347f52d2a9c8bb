/**
 * One multiplexed Kalshi socket as a {@link ConnectionCore}: reconnect, restore, keep-alive
 * watchdog and sequence-gap resync built in. It routes frames by sid and wires three parts: the
 * socket driver, the one command path, and one {@link ServerSubscription} state machine per
 * channel. `connect()` and every socket of a pool are one of these.
 *
 * @module
 */
import { asyncScheduler, type Observable, type SchedulerLike, Subject, type Subscription } from 'rxjs';
import { createSigner } from '../auth/create-signer.js';
import type { ChannelName } from '../channels/channel-names.js';
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { UpdateSubscriptionParams } from '../protocol/commands.js';
import type { OkReply, SubscriptionInfo } from '../protocol/replies.js';
import type { Diagnostic } from './channel-event.js';
import type { ChannelRequest } from './channel-params.js';
import type { CommandBudget } from './command-budget.js';
import { CommandPath } from './command-path.js';
import { type ConnectOptions, maxFrameBytesOf, resolveUrl } from './connect-options.js';
import type { ConnectionCore } from './connection-core.js';
import { KalshiConnectionClosedError, KalshiConnectionLostError } from './connection-errors.js';
import type { CloseReason, ConnectionStatus } from './connection-status.js';
import { FrameRouter } from './frame-router.js';
import type { HealthMetrics } from './health-metrics.js';
import { Refusals } from './refusals.js';
import { type CoreMetric, ServerSubscription, type SubscriptionHost } from './server-subscription.js';
import type { Member, SinkPort } from './sink-port.js';
import { SocketDriver } from './socket-driver.js';
import { listSubscriptions, updateSubscription } from './user-commands.js';

/** What a pool adds to one of its sockets. */
export interface SocketCoreExtras {
  /** A command budget shared with other sockets (default: one of the socket's own from `commandBudget`). */
  readonly budget?: CommandBudget;
  /** Error 26 refused `batch` markets of `channel` while the server held `held` of them (before the refusal is handled). */
  readonly onMarketLimit?: (channel: ChannelName, held: number, batch: number) => void;
  /** The connection ended for good (not by `close()`): fatal auth, spent budget, reconnect disabled. */
  readonly onEnded?: (error: Error) => void;
}

/** One socket and its server subscriptions. */
export class SocketCore implements Omit<ConnectionCore, 'rotate'> {
  readonly scheduler: SchedulerLike;
  private readonly commands: CommandPath;
  private readonly diagnostics = new Subject<Diagnostic>();
  private readonly subs = new Map<ChannelName, ServerSubscription>();
  /**
   * A channel's next subscription, with other options, waiting for the current one (no members
   * left, its unsubscribe on the way) to be released: Kalshi holds one subscription per channel.
   */
  private readonly successors = new Map<ChannelName, ServerSubscription>();
  private readonly router: FrameRouter;
  private readonly pending = new Set<ServerSubscription>();
  /** Refusal memory per channel: outlives a subscription released after its members failed. */
  private readonly refusals = new Map<ChannelName, Refusals>();
  private readonly driver: SocketDriver;
  private readonly host: SubscriptionHost;
  private closed = false;
  private staleTimer: Subscription | undefined;
  private nextMemberId = 1;
  private readonly m = { rateLimited: 0, violations: 0, reconnects: 0, gaps: 0, resyncs: 0, duplicates: 0, decodeFailures: 0, messages: 0, resubscribes: 0, droppedUntilSnapshot: 0, commandsSent: 0 };

  readonly status$: Observable<ConnectionStatus>;
  readonly diagnostics$: Observable<Diagnostic>;

  constructor(private readonly options: ConnectOptions, extras: SocketCoreExtras = {}) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    const maxFrameBytes = maxFrameBytesOf(options);
    const url = resolveUrl(options);
    const signer = options.auth === undefined ? undefined : createSigner(options.auth, new URL(url).pathname);
    this.driver = new SocketDriver(options, url, signer, this.scheduler, {
      onOpen: () => this.onOpen(),
      onFrame: (data) => this.router.onFrame(data),
      onDown: (reason, wasOpen) => this.onDown(reason, wasOpen),
      onClosed: (_reason, error) => {
        this.end(error, error);
        extras.onEnded?.(error);
      },
      onOversize: () => this.diagnostics.next({ kind: 'frame-too-large', limitBytes: maxFrameBytes }),
    });
    this.commands = new CommandPath({
      scheduler: this.scheduler,
      timeoutMs: options.commandTimeoutMs ?? 10_000,
      ...(extras.budget !== undefined ? { budget: extras.budget } : options.commandBudget === undefined ? {} : { budget: options.commandBudget }),
      send: (command) => {
        this.m.commandsSent++;
        this.driver.send(command);
      },
      onRateLimited: () => { this.m.rateLimited++; },
    });
    this.router = new FrameRouter(this.commands, this.diagnostics, this.m, options.onRawFrame, maxFrameBytes);
    const core = this;
    this.host = {
      scheduler: this.scheduler,
      resyncTimeoutMs: options.resyncTimeoutMs ?? 5_000,
      request: (body) => this.commands.request(body),
      route: (sid, sub) => this.router.route(sid, sub),
      replaceSocket: () => this.driver.replace('command-timeout'),
      soon: (sub) => {
        if (core.pending.has(sub)) return;
        core.pending.add(sub);
        core.scheduler.schedule(() => { if (core.pending.delete(sub) && !core.closed) sub.reconcile(); });
      },
      released: (sub) => this.released(sub),
      count: (metric: CoreMetric) => { this.m[metric]++; },
      diagnostic: (d) => this.diagnostics.next(d),
      ...(extras.onMarketLimit === undefined ? {} : { marketLimit: extras.onMarketLimit }),
    };
    this.status$ = this.driver.status$;
    this.diagnostics$ = this.diagnostics.asObservable();
    this.driver.start();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  attach(request: ChannelRequest, port: SinkPort): () => void {
    if (this.closed) {
      port.end(new KalshiConnectionClosedError('connection is closed'));
      return () => undefined;
    }
    const sub = this.subscriptionOf(request);
    const member: Member = { id: this.nextMemberId++, markets: request.markets, port, live: false };
    sub.join(member);
    return () => sub.leave(member);
  }

  private subscriptionOf(request: ChannelRequest): ServerSubscription {
    const { channel, optionsKey: key } = request;
    const sub = this.subs.get(channel);
    const next = this.successors.get(channel);
    if (next !== undefined) {
      if (next.optionsKey === key) return next;
      if (next.size > 0) throw this.otherOptions(channel, next.optionsKey, key);
      this.successors.delete(channel);
    }
    if (sub === undefined) {
      const created = this.newSubscription(request);
      if (this.driver.isOpen) created.socketOpen();
      this.subs.set(channel, created);
      return created;
    }
    if (sub.optionsKey === key) return sub;
    if (sub.size > 0) throw this.otherOptions(channel, sub.optionsKey, key);
    // The channel's subscription is on its way out: the new one waits (down, so it sends
    // nothing) and takes over once the server released the old one.
    const successor = this.newSubscription(request);
    this.successors.set(channel, successor);
    return successor;
  }

  private newSubscription(request: ChannelRequest): ServerSubscription {
    let refusals = this.refusals.get(request.channel);
    if (refusals === undefined) this.refusals.set(request.channel, (refusals = new Refusals()));
    return new ServerSubscription(request.channel, request.info, request.options, request.optionsKey, this.host, refusals);
  }

  private otherOptions(channel: ChannelName, held: string, key: string): KalshiUsageError {
    return new KalshiUsageError(`${channel} is already subscribed on this connection with other options (${held} vs ${key}); Kalshi merges subscriptions per channel, so use one set of options per channel and connection`);
  }

  /** A subscription without members was released by the server: its channel's successor (if any) takes its place. */
  private released(sub: ServerSubscription): void {
    if (this.subs.get(sub.channel) !== sub) return;
    this.subs.delete(sub.channel);
    const next = this.successors.get(sub.channel);
    if (next === undefined) return;
    this.successors.delete(sub.channel);
    if (next.size === 0) return;
    this.subs.set(sub.channel, next);
    if (this.driver.isOpen) next.socketOpen();
    next.reconcile();
  }

  /** The markets the server holds for `channel` on this socket (`'all'`: every market), if subscribed. */
  serverMarkets(channel: ChannelName): readonly string[] | 'all' | undefined {
    return this.subs.get(channel)?.serverMarkets();
  }

  resync(channel: ChannelName, markets: readonly string[]): void {
    this.subs.get(channel)?.resync(markets);
  }

  countViolation(): void {
    this.m.violations++;
  }

  listSubscriptions(): Observable<readonly SubscriptionInfo[]> {
    return listSubscriptions(this.commands);
  }

  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply> {
    return updateSubscription(this.commands, params);
  }

  metricsNow(): HealthMetrics {
    const now = this.scheduler.now();
    const lastMessageAgeMs: Record<number, number> = {};
    for (const [sid, sub] of this.router.entries()) lastMessageAgeMs[sid] = sub.feed.dataAgeMs(now);
    return { ...this.m, subscriptions: this.router.size, pendingCommands: this.commands.size, lastMessageAgeMs };
  }

  /** Closes the socket; members complete, or fail with `memberError` when given (a pool ending for good). */
  close(memberError?: Error): void {
    if (this.closed) return;
    this.driver.close();
    this.end(new KalshiConnectionClosedError('connection closed'), memberError);
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
    const core = this;
    this.staleTimer = this.scheduler.schedule(function tick() {
      if (core.closed) return;
      const now = core.scheduler.now();
      for (const sub of core.subs.values()) sub.checkStale(now, after);
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
    const subs = [...this.subs.values(), ...this.successors.values()];
    this.subs.clear();
    this.successors.clear();
    this.router.clear();
    for (const sub of subs) sub.end(memberError);
    this.diagnostics.complete();
  }
}
