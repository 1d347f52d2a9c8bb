/**
 * What a server subscription remembers about refused markets: each refusal per market (so a
 * market the server keeps refusing costs a few commands a minute, not thousands a second), and
 * which markets must go out in smaller batches because a batch containing them was refused
 * without naming the culprit (split until it is found).
 *
 * @module
 */
import type { KalshiCommandError } from './connection-errors.js';

/** Refusals within this window count against a market. */
export const REFUSAL_WINDOW_MS = 60_000;
/** Refusals within the window after which new members of the market fail at once. */
export const REFUSALS_BEFORE_BLOCK = 2;
/** A refused batch is split into at most this many parts. */
const SPLIT_PARTS = 16;

/** Refusal memory of one server subscription. */
export class Refusals {
  private readonly history = new Map<string, { times: number[]; error: KalshiCommandError }>();
  /** Markets that must be sent in batches of at most this size. */
  private readonly isolate = new Map<string, number>();

  /** `market` was refused at `now` with `error`. */
  record(market: string, error: KalshiCommandError, now: number): void {
    const h = this.history.get(market);
    const times = (h?.times ?? []).filter((t) => now - t < REFUSAL_WINDOW_MS);
    times.push(now);
    this.history.set(market, { times, error });
    this.isolate.delete(market);
  }

  /** The error a new member of `market` gets at once, when the server refused it too often lately. */
  blocked(market: string, now: number): KalshiCommandError | undefined {
    const h = this.history.get(market);
    if (h === undefined) return undefined;
    const recent = h.times.filter((t) => now - t < REFUSAL_WINDOW_MS).length;
    if (recent === 0) this.history.delete(market);
    return recent >= REFUSALS_BEFORE_BLOCK ? h.error : undefined;
  }

  /** A batch of `markets` was refused without naming a market: send them in smaller parts. */
  split(markets: readonly string[]): void {
    const size = markets.length <= SPLIT_PARTS ? 1 : Math.ceil(markets.length / SPLIT_PARTS);
    for (const m of markets) this.isolate.set(m, size);
  }

  /**
   * The markets a refusal of `markets` is final for: the one the error names, or the only one;
   * none for an unnamed error on a batch, which is split instead (found in smaller batches).
   */
  culprits(markets: readonly string[], named: string | undefined): string[] {
    if (named !== undefined && markets.includes(named)) return [named];
    if (markets.length === 1) return [...markets];
    this.split(markets);
    return [];
  }

  /** `markets` were accepted. */
  accepted(markets: readonly string[]): void {
    for (const m of markets) this.isolate.delete(m);
  }

  /** The next batch out of `candidates`: every market not under suspicion, or else one part of the suspects. */
  nextBatch(candidates: readonly string[]): string[] {
    const plain = candidates.filter((m) => !this.isolate.has(m));
    if (plain.length > 0) return plain;
    const first = candidates[0];
    if (first === undefined) return [];
    const size = this.isolate.get(first) ?? 1;
    return candidates.filter((m) => this.isolate.get(m) === size).slice(0, size);
  }
}
