/**
 * `checkSeq`: sequence checking per sid for any stream of Kalshi messages.
 *
 * @module
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { SeqTracker } from '../internal/seq-tracker.js';

/** A skipped sequence number on one sid. */
export interface SeqGap {
  readonly kind: 'seq-gap';
  readonly sid: number;
  readonly expected: number;
  readonly received: number;
}

/** Options of {@link checkSeq}. */
export interface CheckSeqOptions {
  /** Called for every duplicate dropped (seq at or below the last seen on its sid). */
  readonly onDuplicate?: (sid: number, seq: number) => void;
}

/**
 * Checks `seq` per `sid`: a message with `seq > last + 1` is preceded by a {@link SeqGap};
 * a message with `seq ≤ last` is a duplicate and is dropped. Messages without `seq` pass.
 * The first message of a sid sets its baseline.
 *
 * ```
 * source: --1--2--4--4--5--
 * result: --1--2--(g4)--5--     g = { expected: 3, received: 4 }; the second 4 is dropped
 * ```
 *
 * @example
 * messages$.pipe(checkSeq()).subscribe((m) => { if ('kind' in m && m.kind === 'seq-gap') resync(m.sid) })
 */
export function checkSeq<T extends { readonly sid?: number | undefined; readonly seq?: number | undefined }>(
  options: CheckSeqOptions = {},
): OperatorFunction<T, T | SeqGap> {
  return (source) => new Observable<T | SeqGap>((subscriber) => {
    const trackers = new Map<number, SeqTracker>();
    return source.subscribe({
      next: (m) => {
        if (m.sid === undefined || m.seq === undefined) {
          subscriber.next(m);
          return;
        }
        let tracker = trackers.get(m.sid);
        if (tracker === undefined) trackers.set(m.sid, (tracker = new SeqTracker()));
        const verdict = tracker.check(m.seq);
        if (verdict.kind === 'duplicate') {
          options.onDuplicate?.(m.sid, m.seq);
          return;
        }
        if (verdict.kind === 'gap') subscriber.next({ kind: 'seq-gap', sid: m.sid, expected: verdict.expected, received: verdict.received });
        subscriber.next(m);
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
  });
}
