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
  private replySeq: number | undefined;

  /** Checks `seq` and advances past it unless it is a duplicate. */
  check(seq: number): SeqVerdict {
    const last = this.last;
    if (last === undefined || seq === last + 1) {
      this.last = seq;
      this.replySeq = undefined;
      return OK;
    }
    if (seq <= last) return DUPLICATE;
    // A reply (`ok`) on this sid may have consumed the seq in between (the reference's
    // simulator advice) or merely reported it: accept both readings, nothing else.
    if (seq === last + 2 && this.replySeq === last + 1) {
      this.last = seq;
      this.replySeq = undefined;
      return OK;
    }
    this.last = seq;
    this.replySeq = undefined;
    return { kind: 'gap', expected: last + 1, received: seq };
  }

  /** Notes the `seq` a command reply carried for this sid. */
  noteReply(seq: number): void {
    if (this.last === undefined) return;
    if (seq === this.last + 1) this.replySeq = seq;
  }

  /** Forgets the baseline (new sid). */
  reset(): void {
    this.last = undefined;
    this.replySeq = undefined;
  }
}
