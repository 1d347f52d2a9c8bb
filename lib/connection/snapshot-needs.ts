/**
 * The one set of markets whose book base is missing or suspect on a sid, with a deadline per
 * market. Every trigger adds to it (gap, violation, join, new sid); a snapshot's arrival takes its
 * market out; `reconcile()` asks for the markets nobody asked for yet; a passed deadline makes a
 * market askable again (and, the second time, tells the owner to replace the sid).
 *
 * @module
 */
import type { SchedulerLike, Subscription } from 'rxjs';

interface Need {
  /** A command that brings the snapshot was sent (or is in flight). */
  requested: boolean;
  /** When the snapshot is overdue (Infinity until the command is acknowledged). */
  deadline: number;
  /** Deadlines passed without a snapshot. */
  expiries: number;
  /** Part of a resync (gap, violation): its members hear `resyncing` and then `live`. */
  readonly resync: boolean;
}

/** Markets awaiting a snapshot on one sid. */
export class SnapshotNeeds {
  private readonly needs = new Map<string, Need>();
  private alarm: Subscription | undefined;

  /** Number of markets awaiting a snapshot. */
  get size(): number {
    return this.needs.size;
  }

  /** Whether `market` awaits a snapshot (its deltas must not reach a book). */
  has(market: string): boolean {
    return this.needs.has(market);
  }

  /** `markets` need a snapshot nobody asked for yet; returns those that did not already await one. */
  need(markets: readonly string[], resync: boolean): string[] {
    const fresh: string[] = [];
    for (const m of markets) {
      const n = this.needs.get(m);
      if (n !== undefined && (n.requested || !resync || n.resync)) continue;
      if (n === undefined) fresh.push(m);
      this.needs.set(m, { requested: false, deadline: Number.POSITIVE_INFINITY, expiries: n?.expiries ?? 0, resync: resync || (n?.resync ?? false) });
    }
    return fresh;
  }

  /** A command that brings snapshots for `markets` was sent. */
  requested(markets: readonly string[]): void {
    for (const m of markets) {
      const n = this.needs.get(m);
      if (n === undefined) this.needs.set(m, { requested: true, deadline: Number.POSITIVE_INFINITY, expiries: 0, resync: false });
      else n.requested = true;
    }
  }

  /** The command for `markets` was acknowledged at `now`: their snapshots are due within `timeoutMs`. */
  acknowledged(markets: readonly string[], now: number, timeoutMs: number): void {
    for (const m of markets) {
      const n = this.needs.get(m);
      if (n !== undefined && n.requested) n.deadline = now + timeoutMs;
    }
  }

  /** The command for `markets` failed or was lost: they are askable again. */
  unrequested(markets: readonly string[]): void {
    for (const m of markets) {
      const n = this.needs.get(m);
      if (n !== undefined) {
        n.requested = false;
        n.deadline = Number.POSITIVE_INFINITY;
      }
    }
  }

  /** The markets to ask a snapshot for: needed, not asked for, and accepted by `eligible`. */
  askable(eligible: (market: string) => boolean): string[] {
    const out: string[] = [];
    for (const [m, n] of this.needs) if (!n.requested && eligible(m)) out.push(m);
    return out;
  }

  /** A snapshot of `market` arrived: returns whether it closed a resync. */
  arrived(market: string): boolean {
    const n = this.needs.get(market);
    if (n === undefined) return false;
    this.needs.delete(market);
    return n.resync;
  }

  /** Forgets `market` (nobody wants it any more). */
  delete(market: string): void {
    this.needs.delete(market);
  }

  /** Markets for which `keep` is false are forgotten. */
  retain(keep: (market: string) => boolean): void {
    for (const m of [...this.needs.keys()]) if (!keep(m)) this.needs.delete(m);
  }

  /** Forgets everything (new sid or no socket). */
  clear(): void {
    this.needs.clear();
    this.alarm?.unsubscribe();
    this.alarm = undefined;
  }

  /**
   * One alarm at the earliest deadline: when it rings, passed deadlines make their markets
   * askable again and `onExpired` hears how many had been missed before; then it re-arms.
   */
  arm(scheduler: SchedulerLike, onExpired: (repeated: number) => void): void {
    this.alarm?.unsubscribe();
    this.alarm = undefined;
    const next = this.nextDeadline();
    if (next === undefined) return;
    this.alarm = scheduler.schedule(() => {
      this.alarm = undefined;
      const { repeated } = this.expire(scheduler.now());
      this.arm(scheduler, onExpired);
      onExpired(repeated);
    }, Math.max(0, next - scheduler.now()));
  }

  /** Deadlines passed at `now` make their markets askable again; returns how many had already expired once before. */
  expire(now: number): { expired: number; repeated: number } {
    let expired = 0;
    let repeated = 0;
    for (const n of this.needs.values()) {
      if (n.deadline > now) continue;
      expired++;
      if (++n.expiries >= 2) repeated++;
      n.requested = false;
      n.deadline = Number.POSITIVE_INFINITY;
    }
    return { expired, repeated };
  }

  /** The earliest deadline, or undefined. */
  nextDeadline(): number | undefined {
    let next = Number.POSITIVE_INFINITY;
    for (const n of this.needs.values()) if (n.deadline < next) next = n.deadline;
    return next === Number.POSITIVE_INFINITY ? undefined : next;
  }
}
