/**
 * Per-sid sequence checking shared by the connection and the `checkSeq` operator.
 * The first message sets the baseline (Kalshi does not promise seq 1). Replies that carry a
 * `seq` on the sid (`ok` to `update_subscription`, an `error` on the sid) consume it, as the
 * live feed shows (§11: `ok` seq 108, then the snapshot with 109).
 *
 * A `seq` that is not a positive safe integer (`1e300`, `2**53 + 2`, `0`, `-1`, `7.5`) is
 * poisoned: it counts as a gap (the book resyncs at once) and never becomes the baseline, so
 * it cannot make every later message look like a duplicate.
 */

/** Outcome of checking one `seq`. */
export type SeqVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'gap'; readonly expected: number; readonly received: number };

const OK: SeqVerdict = { kind: 'ok' };
const DUPLICATE: SeqVerdict = { kind: 'duplicate' };

/** Tracks the last `seq` of one sid. */
export class SeqTracker {
  private last: number | undefined;

  /** Checks `seq` (of a message or a reply on the sid) and advances past it unless it is a duplicate or poisoned. */
  check(seq: number): SeqVerdict {
    const last = this.last;
    if (!isValidSeq(seq)) return { kind: 'gap', expected: last === undefined ? 1 : last + 1, received: seq };
    if (last === undefined || seq === last + 1) {
      this.last = seq;
      return OK;
    }
    if (seq <= last) return DUPLICATE;
    this.last = seq;
    return { kind: 'gap', expected: last + 1, received: seq };
  }

  /** Forgets the baseline (new sid). */
  reset(): void {
    this.last = undefined;
  }
}

/** Whether `seq` can be a Kalshi sequence number: a positive safe integer. @example isValidSeq(1e300) // false */
export function isValidSeq(seq: number): boolean {
  return Number.isSafeInteger(seq) && seq > 0;
}
