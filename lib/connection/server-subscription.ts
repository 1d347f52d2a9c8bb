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
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import type { ChannelInfo, ChannelName } from '../channels/channel-names.js';
import type { SubscribeParams } from '../protocol/commands.js';
import { type DataMessage, marketOf, type UnknownMessage } from '../protocol/data-message.js';
import type { KalshiDecodeError } from '../protocol/decode-error.js';
import { isTerminalErrorCode } from '../protocol/error-codes.js';
import { type ErrorReply, okMarketTickers, type Reply } from '../protocol/replies.js';
import { SeqTracker } from '../internal/seq-tracker.js';
import type { Diagnostic } from './channel-event.js';
import type { CommandBody } from './command-path.js';
import { KalshiCommandError, KalshiTimeoutError } from './connection-errors.js';
import type { CloseReason } from './connection-status.js';
import { MemberTable } from './member-table.js';
import { Refusals } from './refusals.js';
import type { Member } from './sink-port.js';
import { SnapshotNeeds } from './snapshot-needs.js';
import type { InFlightPhase, SubscriptionPhase, UpdateStep } from './subscription-phase.js';

/** Subscribe parameters other than the channel and the markets. */
export type ChannelOptions = Omit<SubscribeParams, 'channels' | 'market_ticker' | 'market_tickers'>;

/** Counters a subscription reports to its connection. */
export type CoreMetric = 'gaps' | 'resyncs' | 'duplicates' | 'resubscribes' | 'droppedUntilSnapshot';

/** What a server subscription needs from its connection (a fake in the phase spec). */
export interface SubscriptionHost {
  readonly scheduler: SchedulerLike;
  /** How long a snapshot may take after its command was acknowledged. */
  readonly resyncTimeoutMs: number;
  /** Sends a command on the open socket (the connection's one command path). */
  request(body: CommandBody): Observable<Reply>;
  /** Routes `sid` to `sub` (or stops routing it). */
  route(sid: number, sub: ServerSubscription | undefined): void;
  /** A command got no reply: the socket is unhealthy. */
  replaceSocket(): void;
  /** Calls `reconcile()` of `sub` once later in this turn (joins and leaves of a turn share a command). */
  soon(sub: ServerSubscription): void;
  /** `sub` is idle without members: forget it. */
  released(sub: ServerSubscription): void;
  count(metric: CoreMetric): void;
  diagnostic(d: Diagnostic): void;
}

/** The server subscription of one channel. */
export class ServerSubscription {
  private current: SubscriptionPhase = { kind: 'down' };
  private server: Set<string> | 'all' = new Set();
  private inflight: Subscription | undefined;
  private readonly members: MemberTable;
  private readonly needs = new SnapshotNeeds();
  private readonly refusals = new Refusals();
  private readonly seq = new SeqTracker();
  private readonly books: boolean;
  private deadline: Subscription | undefined;
  private replaceSid = false;
  private downSince: number | undefined;
  private resubscribedAfter: number | undefined;
  private messages = 0;
  private sampled = 0;
  private lastDataAt = 0;
  private staleReported = false;

  constructor(readonly channel: ChannelName, private readonly info: ChannelInfo, readonly options: ChannelOptions, readonly optionsKey: string, private readonly host: SubscriptionHost) {
    this.members = new MemberTable(info.marketFilter !== 'none');
    this.books = info.recovery === 'snapshot';
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
    for (const m of member.markets ?? []) {
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
    this.deadline?.unsubscribe();
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
      this.downSince ??= this.host.scheduler.now();
      this.members.status({ state: 'disconnected', reason });
    }
  }

  // ------------------------------------------------------------------ reconcile

  /** Sends the one command that moves the server toward what the members want, when nothing is in flight. */
  reconcile(): void {
    const p = this.current;
    if (p.kind !== 'idle' && p.kind !== 'live') return;
    if (this.members.size === 0) {
      if (p.kind === 'idle') this.host.released(this);
      else this.send({ kind: 'releasing', sid: p.sid }, { cmd: 'unsubscribe', params: { sids: [p.sid] } });
      return;
    }
    if (p.kind === 'idle') return this.subscribe();
    const sid = p.sid;
    if (this.replaceSid || (this.members.wantsWhole && this.server !== 'all')) {
      this.send({ kind: 'releasing', sid }, { cmd: 'unsubscribe', params: { sids: [sid] } });
      return;
    }
    const server = this.server;
    if (server === 'all') return;
    const actions = this.info.updateActions as readonly string[];
    const toAdd = this.refusals.nextBatch(this.members.markets().filter((m) => !server.has(m)));
    if (toAdd.length > 0) {
      if (this.books) this.needs.requested(toAdd);
      if (actions.includes('add_markets')) {
        const extra = this.options.send_initial_snapshot === undefined ? {} : { send_initial_snapshot: this.options.send_initial_snapshot };
        return this.update(sid, 'add_markets', toAdd, extra);
      }
      this.send({ kind: 'updating', sid, step: 'subscribe', markets: toAdd }, { cmd: 'subscribe', params: { channels: [this.channel], market_tickers: toAdd, ...this.options } });
      return;
    }
    const toDelete = [...server].filter((m) => !this.members.wants(m));
    if (toDelete.length > 0 && actions.includes('delete_markets')) {
      for (const m of toDelete) this.needs.delete(m);
      return this.update(sid, 'delete_markets', toDelete, {});
    }
    if (!this.books) return;
    this.needs.retain((m) => this.members.wants(m));
    const snap = this.needs.askable((m) => server.has(m));
    if (snap.length === 0) return;
    this.needs.requested(snap);
    this.update(sid, 'get_snapshot', snap, {});
  }

  private subscribe(): void {
    const markets = this.members.wantsWhole ? undefined : this.refusals.nextBatch(this.members.markets());
    if (markets !== undefined && markets.length === 0) return;
    if (this.books && markets !== undefined) this.needs.requested(markets);
    const params = { channels: [this.channel], ...(markets === undefined ? {} : { market_tickers: markets }), ...this.options };
    this.send({ kind: 'subscribing', markets }, { cmd: 'subscribe', params });
  }

  private update(sid: number, step: UpdateStep, markets: string[], extra: object): void {
    this.send({ kind: 'updating', sid, step, markets }, { cmd: 'update_subscription', params: { sid, market_tickers: markets, action: step, ...extra } });
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
    if (p.kind === 'releasing') {
      if (reply.type === 'error') this.serverError(reply);
      this.host.route(p.sid, undefined);
      this.forgetServer();
      if (this.replaceSid) this.resubscribedAfter = 0;
      this.replaceSid = false;
      this.current = { kind: 'idle' };
      return this.reconcile();
    }
    if (p.kind === 'subscribing') {
      if (reply.type === 'error') return this.refused('subscribe', p.markets, reply, { kind: 'idle' });
      const sid = reply.type === 'subscribed' ? reply.msg.sid : reply.type === 'ok' ? reply.sid : undefined;
      if (sid === undefined) {
        this.host.diagnostic({ kind: 'unroutable', type: reply.type, sid: undefined });
        this.current = { kind: 'idle' };
        return;
      }
      return this.becomeLive(sid, p.markets, reply, now);
    }
    const back: SubscriptionPhase = { kind: 'live', sid: p.sid };
    if (reply.type === 'error') {
      if (p.step === 'delete_markets') {
        // A failed release counts as released: the server no longer has the market.
        this.serverError(reply);
      } else if (reply.msg.code === 7 || isTerminalErrorCode(reply.msg.code)) {
        return this.sidGone(reply.msg.code);
      } else if (p.step === 'get_snapshot' && p.markets.length > 1 && (reply.msg.market_ticker === undefined || !p.markets.includes(reply.msg.market_ticker))) {
        // A refused refresh that names no market: start the sid over (the subscribe finds the culprit).
        this.serverError(reply);
        this.needs.unrequested(p.markets);
        this.replaceSid = true;
        this.current = back;
        return this.reconcile();
      } else {
        if (p.step === 'get_snapshot') this.needs.unrequested(p.markets);
        return this.refused(p.step === 'subscribe' ? 'subscribe' : 'update_subscription', p.markets, reply, back);
      }
    }
    const server = this.server === 'all' ? undefined : this.server;
    if (p.step === 'delete_markets') for (const m of p.markets) server?.delete(m);
    else {
      if (p.step !== 'get_snapshot') {
        for (const m of [...p.markets, ...(reply.type === 'ok' ? okMarketTickers(reply) ?? [] : [])]) server?.add(m);
        this.refusals.accepted(p.markets);
      }
      this.needs.acknowledged(p.markets, now, this.host.resyncTimeoutMs);
      this.armDeadline();
    }
    this.current = back;
    this.markLive();
    this.reconcile();
  }

  private becomeLive(sid: number, markets: readonly string[] | undefined, reply: Reply, now: number): void {
    this.server = markets === undefined ? 'all' : new Set([...markets, ...(reply.type === 'ok' ? okMarketTickers(reply) ?? [] : [])]);
    this.seq.reset();
    this.host.route(sid, this);
    this.lastDataAt = now;
    this.sampled = this.messages;
    this.staleReported = false;
    this.current = { kind: 'live', sid };
    if (markets !== undefined) {
      this.refusals.accepted(markets);
      this.needs.acknowledged(markets, now, this.host.resyncTimeoutMs);
      this.armDeadline();
    }
    if (this.downSince !== undefined) {
      this.host.count('resubscribes');
      this.members.status({ state: 'reconnected', sid, downForMs: now - this.downSince });
      this.downSince = undefined;
    }
    if (this.resubscribedAfter !== undefined) {
      this.members.status({ state: 'resubscribed', sid, code: this.resubscribedAfter });
      this.resubscribedAfter = undefined;
    }
    for (const s of this.members.members()) s.live = false;
    this.markLive();
    this.reconcile();
  }

  /** A refusal is final per market: the named market (or the only one) fails its members; an unnamed batch is split. */
  private refused(cmd: string, markets: readonly string[] | undefined, reply: ErrorReply, back: SubscriptionPhase): void {
    const error = new KalshiCommandError(reply, `${cmd} ${this.channel}`);
    this.current = back;
    if (markets === undefined) {
      for (const s of this.members.members()) this.fail(s, error);
      return this.reconcile();
    }
    const named = reply.msg.market_ticker;
    const culprits = named !== undefined && markets.includes(named) ? [named] : markets.length === 1 ? [...markets] : [];
    if (culprits.length === 0) this.refusals.split(markets);
    const now = this.host.scheduler.now();
    for (const m of culprits) {
      this.refusals.record(m, error, now);
      this.needs.delete(m);
      for (const s of this.members.membersOf(m)) this.fail(s, error);
    }
    this.reconcile();
  }

  private fail(member: Member, error: Error): void {
    this.members.remove(member);
    member.port.end(error);
  }

  /** The server dropped the sid (terminal error, unknown sid): subscribe again. */
  private sidGone(code: number): void {
    const sid = this.sid;
    this.cancel();
    if (sid !== undefined) this.host.route(sid, undefined);
    this.forgetServer();
    this.resubscribedAfter = code;
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
    this.seq.reset();
    this.deadline?.unsubscribe();
    this.deadline = undefined;
  }

  private has(market: string): boolean {
    return this.server === 'all' || this.server.has(market);
  }

  private markLive(): void {
    const sid = this.sid;
    if (sid === undefined) return;
    for (const s of this.members.members()) {
      if (s.live || !(s.markets === undefined ? this.server === 'all' || this.info.marketFilter === 'none' : s.markets.every((m) => this.has(m)))) continue;
      s.live = true;
      s.port.status({ state: 'live', sid, ...(s.markets === undefined ? {} : { markets: s.markets }) });
    }
  }

  /** One alarm for the earliest snapshot deadline: a passed deadline makes its market askable again. */
  private armDeadline(): void {
    this.deadline?.unsubscribe();
    this.deadline = undefined;
    const next = this.needs.nextDeadline();
    if (next === undefined) return;
    const scheduler = this.host.scheduler;
    this.deadline = scheduler.schedule(() => {
      this.deadline = undefined;
      const { repeated } = this.needs.expire(scheduler.now());
      if (repeated > 0) this.replaceSid = true;
      this.armDeadline();
      this.host.soon(this);
    }, Math.max(0, next - scheduler.now()));
  }

  // ------------------------------------------------------------------ inbound (hot path)

  /** Routes one data message of this sid: seq check, snapshot bookkeeping, delivery. */
  onData(message: DataMessage): void {
    this.messages++;
    if (this.staleReported) {
      this.staleReported = false;
      this.members.status({ state: 'live', sid: message.sid });
    }
    if (this.info.sequenced && message.seq !== undefined) {
      const verdict = this.seq.check(message.seq);
      if (verdict.kind === 'duplicate') return this.host.count('duplicates');
      if (verdict.kind === 'gap') {
        this.host.count('gaps');
        this.members.status({ state: 'gap', sid: message.sid, expected: verdict.expected, received: verdict.received });
        if (this.books) this.resync(this.server === 'all' ? this.members.markets() : [...this.server]);
        else if (this.info.recovery === 'resubscribe') {
          this.replaceSid = true;
          this.host.soon(this);
        }
      }
    }
    if (this.books) {
      if (message.type === 'orderbook_snapshot') {
        const market = message.msg.market_ticker;
        if (this.needs.arrived(market)) this.members.status({ state: 'live', sid: message.sid, markets: [market] }, [market]);
        if (this.needs.size === 0) this.armDeadline();
        this.members.deliver(market, message);
        return;
      }
      if (message.type === 'orderbook_delta' && this.needs.size > 0 && this.needs.has(message.msg.market_ticker)) return this.host.count('droppedUntilSnapshot');
    }
    this.members.deliver(marketOf(message), message);
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

  /** An `ok` on this sid carried `seq`. */
  noteReplySeq(seq: number): void {
    this.seq.noteReply(seq);
  }

  /** An error on this sid that answers no command: terminal codes kill the sid. */
  onServerError(reply: ErrorReply): void {
    if (isTerminalErrorCode(reply.msg.code) && this.sid !== undefined && this.sid === reply.sid) this.sidGone(reply.msg.code);
  }

  /** A message of an unknown type on this sid. */
  onUnknown(message: UnknownMessage): void {
    this.messages++;
    this.members.problem(marketOf(message), { kind: 'unknown', message });
  }

  /** A frame of this sid that failed to decode. */
  onInvalid(error: KalshiDecodeError): void {
    this.members.problem(undefined, { kind: 'decode-error', error });
  }

  /** Age of the last data at `now` (sampled: the hot path reads no clock). */
  dataAgeMs(now: number): number {
    if (this.messages !== this.sampled) {
      this.sampled = this.messages;
      this.lastDataAt = now;
    }
    return now - this.lastDataAt;
  }

  /** Reports `stale` once when no data came for `afterMs`. */
  checkStale(now: number, afterMs: number): void {
    const sid = this.sid;
    const age = this.dataAgeMs(now);
    if (sid === undefined || this.staleReported || age < afterMs) return;
    this.staleReported = true;
    this.members.status({ state: 'stale', sid, silentForMs: age });
  }
}
