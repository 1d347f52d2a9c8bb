/**
 * The members of one server subscription and the routing tables built from them: one Map
 * lookup per message, the same set iteration as before, no allocation for `data`.
 *
 * @module
 */
import type { SubscriptionStatus } from './connection-status.js';
import type { DataReceiver, Member, SinkPort, SubscriptionProblem } from './sink-port.js';

/**
 * The members of one market: the member itself when it is the only one (the common case: one
 * book or one `channel()` per market), else a copy-on-write array in the order they came. A
 * delivery then touches one object less per message than a `Set` and its table, which counts
 * when a stream spreads over a thousand markets (each member's objects are out of cache).
 */
type MarketMembers = Member | readonly Member[];

const listOf = (v: MarketMembers | undefined): readonly Member[] => (v === undefined ? [] : Array.isArray(v) ? (v as readonly Member[]) : [v as Member]);

/** What a delivery to `port` calls: its receiver, or the port's `data`. */
const receiverOf = (port: SinkPort): DataReceiver => port.receiver ?? { next: (message) => port.data(message) };

/** Ref-counted members of one channel's subscription. */
export class MemberTable {
  private readonly all = new Set<Member>();
  /** Members without a market filter. */
  private readonly whole = new Set<Member>();
  /** Members per market. */
  private readonly byMarket = new Map<string, MarketMembers>();
  /**
   * What a delivery calls for each market: the members' receivers (`channel()`'s subscriber
   * itself, a book folder; one, not an array, for one member), two objects fewer per message than
   * through member and port, each out of cache when a stream spreads over many markets.
   */
  private readonly receiversByMarket = new Map<string, DataReceiver | readonly DataReceiver[]>();

  /** @param filtered the channel takes a market filter (otherwise every member gets every message). */
  constructor(private readonly filtered: boolean) {}

  /** Number of members. */
  get size(): number {
    return this.all.size;
  }

  /** Whether some member wants every market (or the channel has no filter). */
  get wantsWhole(): boolean {
    return !this.filtered || this.whole.size > 0;
  }

  /** Whether `member` is still in the table. */
  has(member: Member): boolean {
    return this.all.has(member);
  }

  /** Whether some member wants `market`. */
  wants(market: string): boolean {
    return this.byMarket.has(market);
  }

  /** The markets the members want, in first-wanted order. */
  markets(): string[] {
    return [...this.byMarket.keys()];
  }

  /** Every member (a copy, safe to mutate the table while iterating). */
  members(): Member[] {
    return [...this.all];
  }

  /** The members that named `market` in their filter. */
  membersOf(market: string): Member[] {
    return [...listOf(this.byMarket.get(market))];
  }

  /** Adds a member. */
  add(member: Member): void {
    this.all.add(member);
    if (member.markets === undefined) {
      this.whole.add(member);
      return;
    }
    for (const m of member.markets) {
      const v = listOf(this.byMarket.get(m));
      if (!v.includes(member)) this.setMarket(m, [...v, member]);
    }
  }

  /** The members of `market` (none: it goes). */
  private setMarket(market: string, members: readonly Member[]): void {
    if (members.length === 0) {
      this.byMarket.delete(market);
      this.receiversByMarket.delete(market);
    } else if (members.length === 1) {
      this.byMarket.set(market, members[0] as Member);
      this.receiversByMarket.set(market, receiverOf((members[0] as Member).port));
    } else {
      this.byMarket.set(market, members);
      this.receiversByMarket.set(market, members.map((x) => receiverOf(x.port)));
    }
  }

  /** Removes a member. */
  remove(member: Member): void {
    this.all.delete(member);
    this.whole.delete(member);
    for (const m of member.markets ?? []) this.setMarket(m, listOf(this.byMarket.get(m)).filter((s) => s !== member));
  }

  /** Tells `live` once per sid to each member whose markets the server now holds (`whole`: it holds every market). */
  reportLive(sid: number, has: (market: string) => boolean, whole: boolean): void {
    for (const s of this.all) {
      if (s.live || !(s.markets === undefined ? whole : s.markets.every(has))) continue;
      s.live = true;
      s.port.status({ state: 'live', sid, ...(s.markets === undefined ? {} : { markets: s.markets }) });
    }
  }

  /** A new sid: every member hears `live` again once it is covered. */
  resetLive(): void {
    for (const s of this.all) s.live = false;
  }

  /** Removes and fails the members that named `market` (every member when undefined). */
  fail(market: string | undefined, error: Error): void {
    for (const s of market === undefined ? this.members() : this.membersOf(market)) {
      this.remove(s);
      s.port.end(error);
    }
  }

  /** Delivers a data message to the members concerned with `market` (hot path). */
  deliver(market: string | undefined, message: unknown): void {
    if (market === undefined || !this.filtered) {
      for (const s of this.all) s.port.data(message);
      return;
    }
    const v = this.receiversByMarket.get(market);
    if (v !== undefined) {
      if (!Array.isArray(v)) (v as DataReceiver).next(message);
      else for (let i = 0; i < v.length; i++) (v[i] as DataReceiver).next(message);
    }
    for (const s of this.whole) s.port.data(message);
  }

  /** Reports a problem to the members concerned with `market` (all when undefined). */
  problem(market: string | undefined, problem: SubscriptionProblem): void {
    if (market === undefined || !this.filtered) {
      for (const s of this.all) s.port.problem(problem);
      return;
    }
    for (const s of listOf(this.byMarket.get(market))) s.port.problem(problem);
    for (const s of this.whole) s.port.problem(problem);
  }

  /** Emits a status once to each member concerned with any of `markets` (every member when undefined). */
  status(status: SubscriptionStatus, markets?: readonly string[]): void {
    if (markets === undefined || !this.filtered) {
      for (const s of this.all) s.port.status(status);
      return;
    }
    const targets = new Set<Member>(this.whole);
    for (const m of markets) for (const s of listOf(this.byMarket.get(m))) targets.add(s);
    for (const s of targets) s.port.status(status);
  }
}
