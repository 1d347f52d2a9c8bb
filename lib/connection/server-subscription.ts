/**
 * One server subscription (one channel on one connection; Kalshi merges repeat subscribes into
 * one sid per channel) as an explicit state machine. It owns its members, the markets the server
 * holds, the one set of markets awaiting a snapshot, refusal memory and seq tracking; nothing
 * outside writes them. All server-side work is level-triggered: `reconcile()` compares what the
 * members want with what the server has and, when nothing is in flight, sends the one command
 * that closes the gap.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import type { ChannelInfo, ChannelName } from '../channels/channel-names.js';
import { isTerminalErrorCode } from '../protocol/error-codes.js';
import { type ErrorReply, okMarketTickers, type Reply } from '../protocol/replies.js';
import type { CommandBody } from './command-path.js';
import { KalshiCommandError, KalshiTimeoutError } from './connection-errors.js';
import type { CloseReason } from './connection-status.js';
import { MemberTable } from './member-table.js';
import { planStep } from './reconcile-plan.js';
import { Refusals } from './refusals.js';
import { SidFeed } from './sid-feed.js';
import type { ChannelOptions, SubscriptionHost } from './subscription-host.js';
import type { Member } from './sink-port.js';
import { SnapshotNeeds } from './snapshot-needs.js';
import { replyOutcome } from './reply-outcome.js';
import type { InFlightPhase, SubscriptionPhase, UpdateStep } from './subscription-phase.js';

export type { ChannelOptions, CoreMetric, SubscriptionHost } from './subscription-host.js';

/** Error 26: the per-subscription market limit (reference §7). */
const MARKET_LIMIT = 26;

/** The refusal-memory key of a subscription to every market of the channel. */
const WHOLE = '\u0000whole-channel';

/** The server subscription of one channel. */
export class ServerSubscription {
  private current: SubscriptionPhase = { kind: 'down' };
  private server: Set<string> | 'all' = new Set();
  private inflight: Subscription | undefined;
  private readonly members: MemberTable;
  private readonly needs = new SnapshotNeeds();
  private readonly books: boolean;
  /** The hot path of this subscription's sid (the connection routes data straight to it). */
  readonly feed: SidFeed;
  private replaceSid = false;
  /** When the socket went down (for `reconnected`), and the code that killed the sid (for `resubscribed`). */
  private readonly continuity: { downSince?: number; killedBy?: number } = {};

  /** @param refusals the channel's refusal memory: kept by the connection, so it outlives a released subscription. */
  constructor(
    readonly channel: ChannelName,
    private readonly info: ChannelInfo,
    readonly options: ChannelOptions,
    readonly optionsKey: string,
    private readonly host: SubscriptionHost,
    private readonly refusals: Refusals = new Refusals(),
  ) {
    this.members = new MemberTable(info.marketFilter !== 'none');
    this.books = info.recovery === 'snapshot';
    this.feed = new SidFeed(info, this.members, this.needs, {
      count: (metric) => host.count(metric),
      onGap: () => this.onGap(),
      onSnapshotsDone: () => this.armDeadline(),
    });
  }

  /** The current phase (read-only). */
  get phase(): SubscriptionPhase {
    return this.current;
  }

  /** The sid on the current socket, if the server holds one. */
  get sid(): number | undefined {
    const p = this.current;
    return p.kind === 'live' || p.kind === 'updating' || p.kind === 'releasing' ? p.sid : undefined;
  }

  /** The markets the server holds (`'all'` for the whole channel), sorted. */
  serverMarkets(): readonly string[] | 'all' {
    return this.server === 'all' ? 'all' : [...this.server].sort();
  }

  /** Markets whose deltas are held back until a snapshot arrives. */
  awaitingSnapshot(market: string): boolean {
    return this.needs.has(market);
  }

  /** Number of members. */
  get size(): number {
    return this.members.size;
  }

  // ------------------------------------------------------------------ members

  /** Adds a member (fails it at once when one of its markets was refused too often lately). */
  join(member: Member): void {
    const now = this.host.scheduler.now();
    for (const m of member.markets ?? [WHOLE]) {
      const error = this.refusals.blocked(m, now);
      if (error !== undefined) return member.port.end(error);
    }
    this.members.add(member);
    if (this.books && member.markets !== undefined && this.sid !== undefined) this.needs.need(member.markets.filter((m) => this.has(m)), false);
    if (this.sid !== undefined) this.markLive();
    this.host.soon(this);
  }

  /** Removes a member (no-op when it already left or was failed). */
  leave(member: Member): void {
    if (!this.members.has(member)) return;
    this.members.remove(member);
    this.host.soon(this);
  }

  /** Ends every member: completed without `error`, failed with it. */
  end(error?: unknown): void {
    this.cancel();
    this.needs.clear();
    this.current = { kind: 'down' };
    for (const s of this.members.members()) {
      this.members.remove(s);
      s.port.end(error);
    }
  }

  // ------------------------------------------------------------------ socket

  /** A socket opened: `down` → `idle`. */
  socketOpen(): void {
    if (this.current.kind === 'down') this.current = { kind: 'idle' };
  }

  /** The socket is gone, and the sid with it: any phase → `down`. */
  socketDown(reason: CloseReason, wasOpen: boolean): void {
    const hadSid = this.sid !== undefined;
    this.cancel();
    this.forgetServer();
    this.current = { kind: 'down' };
    if (hadSid || wasOpen) {
      this.continuity.downSince ??= this.host.scheduler.now();
      this.members.status({ state: 'disconnected', reason });
    }
  }

  // ------------------------------------------------------------------ reconcile

  /** Sends the one command that moves the server toward what the members want, when nothing is in flight. */
  reconcile(): void {
    const p = this.current;
    if (p.kind !== 'idle' && p.kind !== 'live') return;
    if (this.books) this.needs.retain((m) => this.members.wants(m));
    const plan = planStep({
      sid: p.kind === 'live' ? p.sid : undefined, channel: this.channel, options: this.options, actions: this.info.updateActions,
      books: this.books, members: this.members, server: this.server, needs: this.needs, refusals: this.refusals, replaceSid: this.replaceSid,
    });
    if (plan.kind === 'released') return this.host.released(this);
    if (plan.kind === 'none') return;
    this.needs.requested(plan.snapshots);
    this.send(plan.phase, plan.body);
  }

  /** Enters `next` and sends `body`; the reply counts only while `next` is still the phase. */
  private send(next: InFlightPhase, body: CommandBody): void {
    this.current = next;
    let settled = false;
    const sub = this.host.request(body).subscribe({
      next: (reply) => {
        settled = true;
        if (this.current !== next) return;
        this.inflight = undefined;
        this.onReply(next, reply);
      },
      error: (error: unknown) => {
        settled = true;
        if (this.current !== next) return;
        this.inflight = undefined;
        if (error instanceof KalshiTimeoutError) this.host.replaceSocket();
        else this.current = { kind: 'down' };
      },
    });
    if (!settled) this.inflight = sub;
  }

  private onReply(p: InFlightPhase, reply: Reply): void {
    const now = this.host.scheduler.now();
    const outcome = replyOutcome(p, reply);
    switch (outcome.kind) {
      case 'released':
        if (outcome.error !== undefined) this.serverError(outcome.error);
        if (p.kind === 'releasing') this.host.route(p.sid, undefined);
        this.forgetServer();
        if (this.replaceSid) this.continuity.killedBy = 0;
        this.replaceSid = false;
        this.current = { kind: 'idle' };
        return this.reconcile();
      case 'no-sid':
        this.host.diagnostic({ kind: 'unroutable', type: reply.type, sid: undefined });
        this.current = { kind: 'idle' };
        return;
      case 'subscribed':
        return this.becomeLive(outcome.sid, p.kind === 'subscribing' ? p.markets : undefined, reply, now);
      case 'sid-gone':
        return this.sidGone(outcome.code);
      case 'refused':
        if (p.kind === 'updating' && p.step === 'get_snapshot') this.needs.unrequested(p.markets);
        return this.refused(outcome.cmd, p.kind === 'releasing' ? [] : p.markets, outcome.error, p.kind === 'updating' ? { kind: 'live', sid: p.sid } : { kind: 'idle' });
      case 'restart':
        // A refused refresh that names no market: start the sid over (the subscribe finds the culprit).
        this.serverError(outcome.error);
        if (p.kind === 'updating') this.needs.unrequested(p.markets);
        this.replaceSid = true;
        break;
      case 'applied':
        if (outcome.error !== undefined) this.serverError(outcome.error);
        if (p.kind === 'updating') this.applied(p.step, p.markets, reply, now);
        break;
    }
    if (p.kind === 'updating') this.current = { kind: 'live', sid: p.sid };
    this.markLive();
    this.reconcile();
  }

  /** An update took effect; a failed release counts as released (the server no longer has the market). */
  private applied(step: UpdateStep, markets: readonly string[], reply: Reply, now: number): void {
    const server = this.server === 'all' ? undefined : this.server;
    if (step === 'delete_markets') {
      for (const m of markets) server?.delete(m);
      return;
    }
    if (step !== 'get_snapshot') {
      for (const m of [...markets, ...(reply.type === 'ok' ? okMarketTickers(reply) ?? [] : [])]) server?.add(m);
      this.refusals.accepted(markets);
    }
    this.needs.acknowledged(markets, now, this.host.resyncTimeoutMs);
    this.armDeadline();
  }

  private becomeLive(sid: number, markets: readonly string[] | undefined, reply: Reply, now: number): void {
    this.server = markets === undefined ? 'all' : new Set([...markets, ...(reply.type === 'ok' ? okMarketTickers(reply) ?? [] : [])]);
    this.feed.restart(now);
    this.host.route(sid, this);
    this.current = { kind: 'live', sid };
    if (markets !== undefined) {
      this.refusals.accepted(markets);
      this.needs.acknowledged(markets, now, this.host.resyncTimeoutMs);
      this.armDeadline();
    }
    const { downSince, killedBy } = this.continuity;
    if (downSince !== undefined) this.host.count('resubscribes');
    if (downSince !== undefined) this.members.status({ state: 'reconnected', sid, downForMs: now - downSince });
    if (killedBy !== undefined) this.members.status({ state: 'resubscribed', sid, code: killedBy });
    delete this.continuity.downSince;
    delete this.continuity.killedBy;
    this.members.resetLive();
    this.markLive();
    this.reconcile();
  }

  /** A refusal is final per market: the named market (or the only one) fails its members; an unnamed batch is split. */
  private refused(cmd: string, markets: readonly string[] | undefined, reply: ErrorReply, back: SubscriptionPhase): void {
    const refusal = new KalshiCommandError(reply, `${cmd} ${this.channel}`);
    this.current = back;
    if (reply.msg.code === MARKET_LIMIT && markets !== undefined) this.host.marketLimit?.(this.channel, this.server === 'all' ? 0 : this.server.size, markets.length);
    if (markets === undefined) {
      this.refusals.record(WHOLE, refusal, this.host.scheduler.now());
      this.members.fail(undefined, refusal);
      return this.reconcile();
    }
    const culprits = this.refusals.culprits(markets, reply.msg.market_ticker);
    const now = this.host.scheduler.now();
    for (const m of culprits) {
      const error = reply.msg.market_ticker === m ? refusal : new KalshiCommandError(reply, `${cmd} ${this.channel}`, m);
      this.refusals.record(m, error, now);
      this.needs.delete(m);
      this.members.fail(m, error);
    }
    this.reconcile();
  }

  /** The server dropped the sid (terminal error, unknown sid): subscribe again. */
  private sidGone(code: number): void {
    const sid = this.sid;
    this.cancel();
    if (sid !== undefined) this.host.route(sid, undefined);
    this.forgetServer();
    this.continuity.killedBy = code;
    this.current = { kind: 'idle' };
    this.reconcile();
  }

  private serverError(reply: ErrorReply): void {
    this.host.diagnostic({ kind: 'server-error', code: reply.msg.code, message: reply.msg.msg, sid: this.sid });
  }

  private cancel(): void {
    this.inflight?.unsubscribe();
    this.inflight = undefined;
  }

  private forgetServer(): void {
    this.server = new Set();
    this.needs.clear();
    this.feed.restart(this.host.scheduler.now());
  }

  private has(market: string): boolean {
    return this.server === 'all' || this.server.has(market);
  }

  private markLive(): void {
    const sid = this.sid;
    if (sid !== undefined) this.members.reportLive(sid, (m) => this.has(m), this.server === 'all' || this.info.marketFilter === 'none');
  }

  /** One alarm for the earliest snapshot deadline; the second miss of a market replaces the sid. */
  private armDeadline(): void {
    this.needs.arm(this.host.scheduler, (repeated) => {
      if (repeated > 0) this.replaceSid = true;
      this.host.soon(this);
    });
  }

  // ------------------------------------------------------------------ recovery triggers

  private onGap(): void {
    if (this.books) this.resync(this.server === 'all' ? this.members.markets() : [...this.server]);
    else if (this.info.recovery === 'resubscribe') {
      this.replaceSid = true;
      this.host.soon(this);
    }
  }

  /** Fresh snapshots for `markets` (gap, broken book invariant): their members hear `resyncing`. */
  resync(markets: readonly string[]): void {
    const sid = this.sid;
    if (sid === undefined || !this.books) return;
    const list = markets.filter((m) => this.has(m) && this.members.wants(m));
    if (list.length === 0) return;
    this.needs.need(list, true);
    this.host.count('resyncs');
    this.members.status({ state: 'resyncing', sid, markets: list }, list);
    this.host.soon(this);
  }

  /** An error on this sid that answers no command: terminal codes kill the sid. */
  onServerError(reply: ErrorReply): void {
    if (isTerminalErrorCode(reply.msg.code) && this.sid !== undefined && this.sid === reply.sid) this.sidGone(reply.msg.code);
  }

  /** Reports `stale` once when no data came for `afterMs`. */
  checkStale(now: number, afterMs: number): void {
    const sid = this.sid;
    if (sid !== undefined) this.feed.checkStale(now, afterMs, sid);
  }
}
