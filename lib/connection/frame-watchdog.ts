/**
 * The keep-alive watchdog: declares a socket dead after `staleAfterMs` without any frame.
 *
 * @module
 */
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * Checks four times per `staleAfterMs` whether the frame counter moved; four quiet checks in a
 * row mean at least `staleAfterMs` (at most 1.25 × it) without a frame, and `onStale` runs once.
 * Counting frames instead of timestamping them keeps the clock off the per-message path.
 *
 * ```
 * frames:  -f--f---------------------------
 * checks:  ----c----c----c----c----c       (every staleAfterMs / 4)
 * onStale:                         x       (four quiet checks)
 * ```
 *
 * @example
 * const watchdog = frameWatchdog(scheduler, 30_000, () => frames, () => socket.terminate());
 */
export function frameWatchdog(scheduler: SchedulerLike, staleAfterMs: number, frames: () => number, onStale: () => void): Subscription {
  const quarter = staleAfterMs / 4;
  let seen = frames();
  let quiet = 0;
  return scheduler.schedule(function check(this: SchedulerAction<undefined>) {
    const now = frames();
    if (now !== seen) {
      seen = now;
      quiet = 0;
    } else if (++quiet >= 4) {
      onStale();
      return;
    }
    this.schedule(undefined, quarter);
  }, quarter);
}
