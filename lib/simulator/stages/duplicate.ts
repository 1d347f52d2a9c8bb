/**
 * `duplicate`: the next `n` data frames on the chosen channels are sent twice (same seq).
 *
 * @module
 */
import type { OutFrame, Stage } from './stage.js';

/** The duplicate stage. @example const duplicate = new DuplicateStage(new Set(['orderbook_delta'])); duplicate.arm(2); */
export class DuplicateStage implements Stage {
  readonly name = 'duplicate';
  private n = 0;

  /** `channels`: where frames may be duplicated. */
  constructor(private readonly channels: ReadonlySet<string>) {}

  /** Duplicates `n` more data frames. */
  arm(n: number): void {
    this.n += n;
  }

  pass(frame: OutFrame, next: (frame: OutFrame) => void): void {
    next(frame);
    if (this.n > 0 && frame.kind === 'data' && frame.channel !== undefined && this.channels.has(frame.channel)) {
      this.n--;
      next(frame);
    }
  }
}
