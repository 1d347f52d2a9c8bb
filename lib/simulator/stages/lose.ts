/**
 * `lose`: the next `n` data frames on the chosen channels are not sent (their seq is consumed,
 * so the client sees a gap).
 *
 * @module
 */
import type { OutFrame, Stage } from './stage.js';

/** The lose stage. @example const lose = new LoseStage(new Set(['orderbook_delta'])); lose.arm(1); */
export class LoseStage implements Stage {
  readonly name = 'lose';
  private n = 0;

  /** `channels`: where frames may be lost. */
  constructor(private readonly channels: ReadonlySet<string>) {}

  /** Loses `n` more data frames. */
  arm(n: number): void {
    this.n += n;
  }

  pass(frame: OutFrame, next: (frame: OutFrame) => void): void {
    if (this.n > 0 && frame.kind === 'data' && frame.channel !== undefined && this.channels.has(frame.channel)) {
      this.n--;
      return;
    }
    next(frame);
  }
}
