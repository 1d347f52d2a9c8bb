/**
 * When a rotation may hand its streams over (those de-duplicated by content; a book needs no
 * wait, it starts again from the replacement's fresh snapshot). A shadow is ready when the
 * replacement's reply says the server subscribed it, but the old socket may still hold frames
 * the exchange sent just before that (two sockets are read in no set order; a busy socket has a
 * backlog, and an exchange may send a socket's data later than its replies), and the
 * replacement never sends them. The gate sends a barrier on the old socket once every shadow is
 * ready, and opens when the barrier is answered and each stream either
 * - had a message come from both sockets (the old one has read past the replacement's start), or
 * - heard nothing from the old socket for {@link QUIET_MS} since the answer: a backlog that
 *   still arrives shows as traffic, and what follows the answer in order is on both sockets.
 * At most `maxWaitMs` after the barrier was sent it opens anyway.
 *
 * @module
 */
import type { Observable, SchedulerLike, Subscription } from 'rxjs';

/** How long the old socket must be silent on a stream after the barrier's answer (without an overlap). */
export const QUIET_MS = 100;

/** What the gate reads of one stream's shadow. */
export interface GatedStream {
  /** A message came from both sockets. */
  readonly overlap: boolean;
  /** When the old socket last delivered a message of the stream (scheduler time; -Infinity: never). */
  readonly lastFromOld: number;
}

/** The wait of one rotation before its handover. */
export class HandoverGate {
  private startedAt: number | undefined;
  private answeredAt: number | undefined;
  private barrier: Subscription | undefined;
  private timer: Subscription | undefined;
  private latest: Subscription | undefined;

  /** @param again runs the rotation's check again (on the barrier's answer, when a quiet window may close, when the wait ends) */
  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly maxWaitMs: number,
    private readonly again: () => void,
  ) {}

  /** Whether `streams` may hand over now; the first call sends the barrier (`send`) and arms the longest wait. */
  ready(streams: readonly GatedStream[], send: () => Observable<unknown>): boolean {
    const now = this.scheduler.now();
    if (this.startedAt === undefined) {
      this.startedAt = now;
      const answered = (): void => {
        if (this.answeredAt !== undefined) return;
        this.answeredAt = this.scheduler.now();
        this.barrier?.unsubscribe();
        // Not inside the answer's delivery: the check may hand over.
        this.scheduler.schedule(() => this.again());
      };
      this.latest = this.scheduler.schedule(() => this.again(), this.maxWaitMs);
      this.barrier = send().subscribe({ next: answered, error: answered });
      if (this.answeredAt !== undefined) this.barrier.unsubscribe();
    }
    if (now - this.startedAt >= this.maxWaitMs) return this.open();
    const answeredAt = this.answeredAt;
    if (answeredAt === undefined) return false;
    // When each stream's quiet window closes (now for an overlap).
    const due = Math.max(...streams.map((s) => (s.overlap ? now : Math.max(answeredAt, s.lastFromOld) + QUIET_MS)));
    if (due <= now) return this.open();
    this.timer?.unsubscribe();
    this.timer = this.scheduler.schedule(() => this.again(), due - now);
    return false;
  }

  /** Stops the barrier and the timers (the rotation handed over or was abandoned). */
  cancel(): void {
    for (const s of [this.barrier, this.timer, this.latest]) s?.unsubscribe();
    this.barrier = this.timer = this.latest = undefined;
  }

  private open(): true {
    this.cancel();
    return true;
  }
}
