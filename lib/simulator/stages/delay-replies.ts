/**
 * `delayReplies`: command replies leave `ms` later than they were made (data is not delayed, so
 * data can overtake a reply, as on a busy exchange).
 *
 * @module
 */
import type { OutFrame, Stage } from './stage.js';

/** The delay-replies stage. @example const delayReplies = new DelayRepliesStage(); delayReplies.set(200); */
export class DelayRepliesStage implements Stage {
  readonly name = 'delayReplies';
  private ms = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Delays replies by `ms` (0: no delay). */
  set(ms: number): void {
    this.ms = ms;
  }

  pass(frame: OutFrame, next: (frame: OutFrame) => void): void {
    if (this.ms <= 0 || frame.kind !== 'reply') {
      next(frame);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      next(frame);
    }, this.ms);
    this.timers.add(timer);
  }

  /** Cancels delayed replies (the simulator is closing). */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
