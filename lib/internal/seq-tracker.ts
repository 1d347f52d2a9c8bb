/**
 * Per-sid sequence checking shared by the connection and the `checkSeq` operator.
 * The first message sets the baseline (Kalshi does not promise seq 1).
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

  /** Checks `seq` and advances past it unless it is a duplicate. */
  check(seq: number): SeqVerdict {
    const last = this.last;
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
