/**
 * A pool of sockets as one {@link ConnectionCore}: each consumer's markets are placed on
 * sockets ({@link chooseSlot}), each socket is a {@link SocketCore}, and the parts of a consumer
 * fan in to its port ({@link PoolMember}). Sockets open one at a time, each taking a token of the
 * pool-wide command budget that every socket's commands share; error 26 moves markets to
 * another socket and teaches the pool the exchange's limit. Status, diagnostics and metrics
 * are merged, tagged by socket.
 *
 * @module
 */
import { forkJoin, map, Observable, type SchedulerLike, Subject, asyncScheduler } from 'rxjs';
import type { ChannelName } from '../channels/channel-names.js';
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { UpdateSubscriptionParams } from '../protocol/commands.js';
import type { OkReply, SubscriptionInfo } from '../protocol/replies.js';
import type { Diagnostic } from './channel-event.js';
import type { ChannelRequest } from './channel-params.js';
import { CommandBudget } from './command-budget.js';
import type { ConnectionCore } from './connection-core.js';
import { KalshiConnectionClosedError } from './connection-errors.js';
import type { ConnectionStatus, SocketTag, SubscriptionStatus } from './connection-status.js';
import type { HealthMetrics } from './health-metrics.js';
import { type PartHost, PoolMember, type PoolPart } from './pool-member.js';
import { type PoolLimits, poolLimitsOf, type PoolOptions } from './pool-options.js';
import { capOf, chooseSlot, type PlacementLimits, SlotLoad } from './pool-placement.js';
import type { SinkPort } from './sink-port.js';
import { SocketCore } from './socket-core.js';
import { addCounters, emptyCounters, type Counters, poolMetrics } from './pool-metrics.js';
import { RotationQueue } from './pool-rotations.js';
import { LimitLearner } from './pool-spill.js';
import { Slot } from './pool-slot.js';

export { Slot } from './pool-slot.js';

/** The pool. */
export class PoolCore implements ConnectionCore, PartHost<Slot> {
  readonly scheduler: SchedulerLike;
  readonly status$: Observable<ConnectionStatus>;
  readonly diagnostics$: Observable<Diagnostic>;
  /** The sockets consumers are placed on, in opening order. */
  readonly slots: Slot[] = [];
  readonly limits: PoolLimits;
  /** The limit learned from error 26 on any socket, per channel (the default of every socket). */
  readonly learned = new Map<ChannelName, number>();
  /** The pool-wide command budget (every socket's commands and each socket opened take from it). */
  readonly budget: CommandBudget;
  readonly placement: PlacementLimits;
  private readonly limitLearner = new LimitLearner(this);
  private readonly rotations = new RotationQueue(this);
  private readonly statusSubject = new Subject<ConnectionStatus>();
  private readonly diagnostics = new Subject<Diagnostic>();
  private closedStatus: ConnectionStatus | undefined;
  private nextSocket = 0;
  private startPending = false;
  /** Counters of sockets the pool closed (rotated away), so totals do not go down. */
  private readonly retiredCounters: Counters = emptyCounters();

  constructor(readonly options: PoolOptions, private readonly tagStatuses = true) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.limits = poolLimitsOf(options);
    this.placement = { maxMarketsPerSocket: this.limits.maxMarketsPerSocket, maxSockets: this.limits.maxSockets, learned: this.learned };
    this.budget = new CommandBudget(options.commandBudget);
    this.status$ = new Observable<ConnectionStatus>((subscriber) => {
      if (this.closedStatus !== undefined) {
        subscriber.next(this.closedStatus);
        subscriber.complete();
        return undefined;
      }
      for (const s of this.slots) if (!s.hidden && !s.retired && s.core !== undefined) subscriber.next(this.tagged(s, s.status));
      return this.statusSubject.subscribe(subscriber);
    });
    this.diagnostics$ = this.diagnostics.asObservable();
    const first = this.newSlot();
    this.slots.push(first);
    this.startCore(first);
    this.rotations.armAgeRotation();
  }

  get isClosed(): boolean {
    return this.closedStatus !== undefined;
  }

  // ---------------------------------------------------------------- consumers

  attach(request: ChannelRequest, port: SinkPort): () => void {
    if (this.isClosed) {
      port.end(new KalshiConnectionClosedError('connection is closed'));
      return () => undefined;
    }
    const member = new PoolMember<Slot>(request, port, this);
    const unplaced = this.place(member, request.markets, undefined);
    if (unplaced !== undefined) {
      throw new KalshiUsageError(
        this.limits.maxSockets === 1
          ? `${request.channel} is already subscribed on this connection with other options; Kalshi merges subscriptions per channel and connection, so use one set of options per channel and connection (connectPool() puts other options on another socket)`
          : `${request.channel} is already subscribed with other options on every socket this pool may open (maxSockets ${this.limits.maxSockets}); Kalshi merges subscriptions per channel and socket`,
      );
    }
    return () => member.teardown();
  }

  /**
   * Places `markets` (undefined: the whole channel) of `member` on sockets and attaches one part
   * per socket. Returns undefined when done, else the markets that found no socket (nothing was
   * placed then). With `exclude` (a spill), a socket without room is no option.
   */
  place(member: PoolMember<Slot>, markets: readonly string[] | undefined, exclude: Slot | undefined): readonly string[] | undefined {
    const { channel, optionsKey } = member.request;
    const groups = new Map<Slot, string[] | undefined>();
    const undo = (): void => {
      for (const [s, ms] of groups) s.load.remove(channel, ms);
    };
    for (const market of markets ?? [undefined]) {
      const slot = this.pick(channel, optionsKey, market, exclude);
      if (slot === undefined) {
        undo();
        return markets ?? [];
      }
      slot.load.add(channel, optionsKey, market === undefined ? undefined : [market]);
      if (market === undefined) groups.set(slot, undefined);
      else {
        const list = groups.get(slot);
        if (list === undefined) groups.set(slot, [market]);
        else list.push(market);
      }
    }
    for (const [slot, ms] of groups) this.addPart(member, slot, ms);
    return undefined;
  }

  /** A new delivering part of `member` on `slot` for `markets` (already counted in the slot's load), attached. */
  addPart(member: PoolMember<Slot>, slot: Slot, markets: readonly string[] | undefined): void {
    const part = member.part(slot, markets);
    member.parts.add(part);
    this.attachPart(part);
  }

  /** The socket for one market: the caller's policy first, then the default; undefined when there is none. */
  private pick(channel: ChannelName, optionsKey: string, market: string | undefined, exclude: Slot | undefined): Slot | undefined {
    const custom = this.options.assign?.(channel, market, this.slots.map((s) => s.load.view((ch) => capOf(s.load, ch, this.placement))));
    if (custom === 'new' && this.slots.length < this.limits.maxSockets) return this.openSlot();
    if (typeof custom === 'number') {
      const chosen = this.slots.find((s) => s.index === custom);
      if (chosen !== undefined && chosen !== exclude && chosen.load.compatible(channel, optionsKey)) return chosen;
    }
    const choice = chooseSlot(this.slots.map((s) => s.load), channel, optionsKey, market, this.placement, exclude?.load);
    if (choice === undefined) return this.openSlot();
    if (choice instanceof SlotLoad) return this.slotOf(choice);
    return exclude !== undefined || choice.fallback === undefined ? undefined : this.slotOf(choice.fallback);
  }

  private slotOf(load: SlotLoad): Slot {
    const slot = this.slots.find((s) => s.load === load);
    if (slot === undefined) throw new Error('placement chose a socket the pool does not have');
    return slot;
  }

  /** Attaches a placed part to its socket (now, or when the socket starts). */
  private attachPart(part: PoolPart<Slot>): void {
    part.slot.parts.add(part);
    if (part.slot.core !== undefined) this.attachNow(part);
    part.slot.rotation?.shadow(part);
  }

  /** Joins a part to its socket's subscription once the socket exists (a rotation's shadows too: already counted in the replacement's load). */
  attachNow(part: PoolPart<Slot>): void {
    const core = part.slot.core;
    if (core === undefined || part.teardown !== undefined || part.ended) return;
    try {
      part.teardown = core.attach(part.request, part);
    } catch (error) {
      part.end(error);
    }
  }

  released(part: PoolPart<Slot>): void {
    if (!part.slot.parts.delete(part)) return;
    part.slot.load.remove(part.request.channel, part.request.markets);
    part.slot.rotation?.forget(part);
    if (part.slot.parts.size === 0) this.closeWhenIdle(part.slot);
  }

  /** A socket other than the first that stays empty for `idleSocketMs` (counted from the last time it was emptied) closes (a pool keeps only the sockets its markets need). */
  closeWhenIdle(slot: Slot): void {
    if (slot === this.slots[0] || !this.slots.includes(slot) || slot.rotation !== undefined) return;
    slot.idleTimer?.unsubscribe();
    slot.idleTimer = this.scheduler.schedule(() => {
      if (this.isClosed || slot.parts.size > 0 || slot === this.slots[0] || !this.slots.includes(slot) || slot.rotation !== undefined) return;
      this.retire(slot);
    }, this.limits.idleSocketMs);
  }

  /**
   * A subscription went `stale` while its socket stayed open (pings flow, data does not): with
   * `rotation.whenDegraded`, rotate that socket once. When the replacement's subscription of the
   * same channel goes stale too, the feed is quiet, not the socket: it is not rotated again for
   * that channel until the subscription has carried data (its `live` after `stale`), so a quiet
   * channel costs one rotation, not one every `dataStaleAfterMs`.
   */
  noticed(part: PoolPart<Slot>, status: SubscriptionStatus): void {
    const slot = part.slot;
    const channel = part.request.channel;
    if (status.state === 'live') {
      if (slot.staleChannels.delete(channel)) slot.quietChannels.delete(channel);
      return;
    }
    if (status.state !== 'stale') return;
    slot.staleChannels.add(channel);
    if (slot.status.state !== 'open' || slot.degradedRotationQueued || this.options.rotation?.whenDegraded !== true || slot.quietChannels.has(channel)) return;
    slot.degradedRotationQueued = true;
    this.scheduler.schedule(() => {
      this.rotations.rotateSlot(slot, 'degraded', channel).then(
        () => { slot.degradedRotationQueued = false; },
        () => { slot.degradedRotationQueued = false; },
      );
    });
  }

  detach(part: PoolPart<Slot>): void {
    part.teardown?.();
    this.released(part);
  }

  spill(part: PoolPart<Slot>, error: Error): boolean {
    return this.limitLearner.spill(part, error);
  }

  // ---------------------------------------------------------------- sockets

  /** A new socket slot (its socket starts when the ones before it have opened). */
  newSlot(): Slot {
    return new Slot(new SlotLoad(this.nextSocket++));
  }

  private openSlot(): Slot {
    const slot = this.newSlot();
    this.slots.push(slot);
    this.startNext();
    return slot;
  }

  /** Starts the next socket once every socket before it has opened, paced by the command budget. */
  startNext(): void {
    if (this.startPending || this.isClosed) return;
    for (const s of this.slots) {
      if (s.core === undefined) {
        const wait = this.budget.waitMs(this.scheduler.now());
        this.startPending = true;
        this.scheduler.schedule(() => {
          this.startPending = false;
          if (this.isClosed || s.core !== undefined || !this.slots.includes(s)) return this.startNext();
          if (!this.budget.take(this.scheduler.now())) return this.startNext();
          this.startCore(s);
        }, wait);
        return;
      }
      if (s.openedAt === undefined && !s.core.isClosed) return;
    }
  }

  /** Opens the socket of `slot` and attaches what waits for it. */
  startCore(slot: Slot): void {
    const core = new SocketCore(this.options, {
      budget: this.budget,
      onMarketLimit: (channel, held, batch) => this.limitLearner.onMarketLimit(slot, channel, held, batch),
      onEnded: (error) => this.socketEnded(slot, error),
    });
    slot.core = core;
    core.status$.subscribe((status) => this.onSlotStatus(slot, status));
    core.diagnostics$.subscribe({ next: (d) => this.diagnostics.next(d) });
    for (const part of [...slot.parts]) this.attachNow(part);
  }

  private onSlotStatus(slot: Slot, status: ConnectionStatus): void {
    slot.status = status;
    // A replacement's own statuses are never reported, not even the `open` that completes its handover.
    const hidden = slot.hidden;
    if (status.state === 'open' && slot.openedAt === undefined) {
      slot.openedAt = this.scheduler.now();
      this.scheduler.schedule(() => this.startNext());
      slot.replacing?.check();
    }
    if (hidden || slot.retired || this.isClosed || status.state === 'closed') return;
    this.statusSubject.next(this.tagged(slot, status));
  }

  /**
   * A socket ended for good (auth refused, reconnect given up): the pool ends with it. A
   * rotation's replacement that ends abandons its rotation instead (`rotate()` rejects with
   * `error`), as it does when one of its subscriptions ends; the pool keeps the old socket.
   */
  private socketEnded(slot: Slot, error: Error): void {
    if (this.isClosed || slot.retired) return;
    if (slot.replacing !== undefined) return slot.replacing.cancel(error);
    const status = slot.status.state === 'closed' ? slot.status : { state: 'closed' as const, reason: 'error' as const, error };
    this.finish(status, error);
  }

  /** Emits `status` on the pool's stream (tagged with the socket's number on a pool). */
  report(status: ConnectionStatus): void {
    if (!this.isClosed) this.statusSubject.next(status);
  }

  tagged(slot: Slot, status: ConnectionStatus): ConnectionStatus {
    return this.tagStatuses ? { ...status, socket: slot.index } : status;
  }

  /** The `socket` tag of `slot` on a pool (none on `connect()`). */
  socketTag(slot: Slot): SocketTag {
    return this.tagStatuses ? { socket: slot.index } : {};
  }

  /** Closes a socket the pool no longer uses, keeping its counters in the totals. */
  retire(slot: Slot): void {
    slot.retired = true;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.core !== undefined) addCounters(this.retiredCounters, slot.core.metricsNow());
    slot.core?.close();
  }

  // ---------------------------------------------------------------- rotation

  /**
   * The replacement takes the old socket's place (and its load, which it mirrors); the old one
   * closes. A replacement carrying nothing (its socket had emptied, or every consumer left
   * during the rotation) closes when idle, as the old one would have.
   */
  swap(old: Slot, replacement: Slot): void {
    replacement.hidden = false;
    replacement.replacing = undefined;
    const i = this.slots.indexOf(old);
    if (i >= 0) this.slots[i] = replacement;
    this.retire(old);
    if (replacement.parts.size === 0) this.closeWhenIdle(replacement);
  }

  /** An abandoned rotation's replacement closes unseen. */
  discard(replacement: Slot): void {
    replacement.retired = true;
    replacement.replacing = undefined;
    for (const part of [...replacement.parts]) this.detach(part);
    replacement.core?.close();
  }

  rotate(): Promise<void> {
    return this.rotations.rotateAll();
  }

  // ---------------------------------------------------------------- the rest of the core

  resync(channel: ChannelName, markets: readonly string[]): void {
    for (const s of this.slots) {
      const mine = markets.filter((m) => s.load.holds(channel, m));
      if (mine.length > 0) s.core?.resync(channel, mine);
    }
  }

  countViolation(): void {
    this.retiredCounters.violations++;
  }

  metricsNow(): HealthMetrics {
    return poolMetrics(this.slots, this.retiredCounters, (s: Slot, ch: ChannelName) => capOf(s.load, ch, this.placement), this.scheduler.now(), this.tagStatuses);
  }

  listSubscriptions(): Observable<readonly SubscriptionInfo[]> {
    const cores = this.slots.flatMap((s) => (s.core === undefined ? [] : [s.core]));
    return forkJoin(cores.map((c) => c.listSubscriptions())).pipe(map((lists) => lists.flat()));
  }

  updateSubscription(params: UpdateSubscriptionParams): Observable<OkReply> {
    const core = this.slots[0]?.core;
    if (this.slots.length > 1 || core === undefined) throw new KalshiUsageError('updateSubscription addresses a sid, and a pool has one sid space per socket; use channel() with markets, or connect() for raw sid commands');
    return core.updateSubscription(params);
  }

  close(): void {
    this.finish({ state: 'closed', reason: 'closed-by-client' }, undefined);
  }

  /** Ends the pool: every socket closes, members end with `error` (complete when undefined), `status` is the last state. */
  private finish(status: ConnectionStatus, error: Error | undefined): void {
    if (this.isClosed) return;
    for (const s of [...this.slots]) {
      s.retired = true;
      s.rotation?.cancel(new KalshiConnectionClosedError('connection closed during a rotation'));
    }
    this.closedStatus = status;
    for (const s of [...this.slots]) {
      s.core?.close(error);
      for (const part of [...s.parts]) part.end(error);
    }
    this.statusSubject.next(status);
    this.statusSubject.complete();
    this.diagnostics.complete();
  }
}
