/**
 * A connection-wide token bucket for commands: every command, whichever path sends it, takes a
 * token; an empty bucket makes commands wait, never drops them. Error 27 empties the bucket.
 *
 * @module
 */

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

  constructor(options: CommandBudgetOptions = {}) {
    this.burst = Math.max(1, options.burst ?? 20);
    this.perMs = Math.max(1e-6, options.perSecond ?? 10) / 1000;
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
