/**
 * A connection-wide token bucket for commands: every command, whichever path sends it, takes a
 * token; an empty bucket makes commands wait, never drops them. Error 27 empties the bucket.
 *
 * @module
 */
import { KalshiUsageError } from '../errors/kalshi-error.js';

/** Options of the command budget (`connect({ commandBudget })`). */
export interface CommandBudgetOptions {
  /** Commands that may go out at once (default 20). */
  readonly burst?: number;
  /** Sustained commands per second (default 10). */
  readonly perSecond?: number;
}

/** A token bucket read against a clock in ms. */
export class CommandBudget {
  private tokens: number;
  private last: number | undefined;
  private readonly burst: number;
  private readonly perMs: number;

  /** @throws KalshiUsageError when `burst` is not a positive integer or `perSecond` not a positive number. */
  constructor(options: CommandBudgetOptions = {}) {
    const burst = options.burst ?? 20;
    const perSecond = options.perSecond ?? 10;
    // A budget of 0 would hold every command forever (or, clamped, one every few days): a caller mistake.
    if (!Number.isSafeInteger(burst) || burst < 1) throw new KalshiUsageError(`commandBudget.burst must be a positive integer, got ${String(options.burst)}`);
    if (!Number.isFinite(perSecond) || perSecond <= 0) throw new KalshiUsageError(`commandBudget.perSecond must be a positive number, got ${String(options.perSecond)}`);
    this.burst = burst;
    this.perMs = perSecond / 1000;
    this.tokens = this.burst;
  }

  /** Takes one token at `now` if there is one. @example new CommandBudget({ burst: 1 }).take(0) // true */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds from `now` until a token is available (0 when one is). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }

  /** Empties the bucket (the server said "too many requests"). */
  drain(now: number): void {
    this.refill(now);
    this.tokens = 0;
  }

  private refill(now: number): void {
    if (this.last !== undefined && now > this.last) this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
    this.last = this.last === undefined ? now : Math.max(this.last, now);
  }
}
