/**
 * `delayReplies`: command replies leave `ms` later than they were made (data is not delayed, so
 * data can overtake a reply, as on a busy exchange); and `delayData`: the data frames of one
 * connection leave later (a socket that lags behind the others), in order.
 *
 * @module
 */
import type { OutFrame, Stage } from './stage.js';

/** The delay-replies stage. @example const delayReplies = new DelayRepliesStage(); delayReplies.set(200); */
export class DelayRepliesStage implements Stage {
  readonly name = 'delayReplies';
  private ms = 0;
  private readonly dataMs = new Map<number, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Delays replies by `ms` (0: no delay). */
  set(ms: number): void {
    this.ms = ms;
  }

  /** Delays the data frames of `connection` by `ms` (0: no delay). */
  setData(connection: number, ms: number): void {
    if (ms > 0) this.dataMs.set(connection, ms);
    else this.dataMs.delete(connection);
  }

  pass(frame: OutFrame, next: (frame: OutFrame) => void): void {
    const ms = frame.kind === 'reply' ? this.ms : frame.kind === 'data' ? (this.dataMs.get(frame.connection) ?? 0) : 0;
    if (ms <= 0) {
      next(frame);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      next(frame);
    }, ms);
    this.timers.add(timer);
  }

  /** Cancels delayed replies (the simulator is closing). */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
