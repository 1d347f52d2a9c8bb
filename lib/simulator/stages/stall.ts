/**
 * `stall`: stops data frames (`data`), or everything: data, replies and pings (`all`). Seq keeps
 * counting underneath, so resumed data shows the hole.
 *
 * @module
 */
import type { OutFrame, Stage } from './stage.js';

/** The stall stage. @example const stall = new StallStage(); stall.set('data', true); */
export class StallStage implements Stage {
  readonly name = 'stall';
  private data = false;
  private all = false;
  /** Connections whose data frames alone are stopped. */
  private readonly dataOf = new Set<number>();

  /** Stops (true) or resumes (false) data frames (of one connection, when given), or every frame. */
  set(what: 'data' | 'all', on: boolean, connection?: number): void {
    if (what === 'data' && connection !== undefined) {
      if (on) this.dataOf.add(connection);
      else this.dataOf.delete(connection);
    } else if (what === 'data') this.data = on;
    else this.all = on;
  }

  /** Whether every frame is stopped (the simulator also stops answering while it is). */
  get stallsAll(): boolean {
    return this.all;
  }

  pass(frame: OutFrame, next: (frame: OutFrame) => void): void {
    if (this.all && frame.kind !== 'raw') return;
    if (frame.kind === 'data' && (this.data || this.dataOf.has(frame.connection))) return;
    next(frame);
  }
}
