/**
 * `reorder`: the next `n` data frames each change places with the data frame after them on the
 * same connection (the client sees seq N+1 before N).
 *
 * @module
 */
import type { OutFrame, Stage } from './stage.js';

/** The reorder stage. @example const reorder = new ReorderStage(); reorder.arm(1); */
export class ReorderStage implements Stage {
  readonly name = 'reorder';
  private n = 0;
  private readonly held = new Map<number, OutFrame>();

  /** Swaps `n` more data frames with their successors. */
  arm(n: number): void {
    this.n += n;
  }

  pass(frame: OutFrame, next: (frame: OutFrame) => void): void {
    if (frame.kind !== 'data') {
      next(frame);
      return;
    }
    const held = this.held.get(frame.connection);
    if (held !== undefined) {
      this.held.delete(frame.connection);
      next(frame);
      next(held);
      return;
    }
    if (this.n > 0) {
      this.n--;
      this.held.set(frame.connection, frame);
      return;
    }
    next(frame);
  }
}
