/**
 * The hot path of one server subscription: data of its sid in, seq checked, deltas of markets
 * awaiting a snapshot held back, everything else delivered through the member table. It reads
 * no clock per message (a counter, sampled by the staleness check and the metrics).
 *
 * @module
 */
import type { ChannelInfo } from '../channels/channel-names.js';
import { type DataMessage, marketOf, type UnknownMessage } from '../protocol/data-message.js';
import type { KalshiDecodeError } from '../protocol/decode-error.js';
import { SeqTracker } from '../internal/seq-tracker.js';
import type { MemberTable } from './member-table.js';
import type { SnapshotNeeds } from './snapshot-needs.js';

/** Counters a subscription reports to its connection. */
export type CoreMetric = 'gaps' | 'resyncs' | 'duplicates' | 'resubscribes' | 'droppedUntilSnapshot';

/** What the feed tells the subscription that owns it. */
export interface FeedOwner {
  count(metric: CoreMetric): void;
  /** A gap on the sid (after its `gap` status went out). */
  onGap(): void;
  /** The last awaited snapshot arrived. */
  onSnapshotsDone(): void;
}

/** Inbound side of one server subscription. */
export class SidFeed {
  private readonly seq = new SeqTracker();
  private readonly books: boolean;
  private messages = 0;
  private sampled = 0;
  private lastDataAt = 0;
  private staleReported = false;

  constructor(private readonly info: ChannelInfo, private readonly members: MemberTable, private readonly needs: SnapshotNeeds, private readonly owner: FeedOwner) {
    this.books = info.recovery === 'snapshot';
  }

  /** A new sid (or none): forget the seq baseline, data counts as fresh from `now`. */
  restart(now: number): void {
    this.seq.reset();
    this.lastDataAt = now;
    this.sampled = this.messages;
    this.staleReported = false;
  }

  /** Routes one data message of this sid: seq check, snapshot bookkeeping, delivery. */
  onData(message: DataMessage): void {
    this.messages++;
    if (this.staleReported) {
      this.staleReported = false;
      this.members.status({ state: 'live', sid: message.sid });
    }
    if (this.info.sequenced && message.seq !== undefined && !this.acceptSeq(message.sid, message.seq)) return this.owner.count('duplicates');
    if (this.books) {
      if (message.type === 'orderbook_snapshot') {
        const market = message.msg.market_ticker;
        if (this.needs.arrived(market)) this.members.status({ state: 'live', sid: message.sid, markets: [market] }, [market]);
        if (this.needs.size === 0) this.owner.onSnapshotsDone();
        this.members.deliver(market, message);
        return;
      }
      if (message.type === 'orderbook_delta' && this.needs.size > 0 && this.needs.has(message.msg.market_ticker)) return this.owner.count('droppedUntilSnapshot');
    }
    this.members.deliver(marketOf(message), message);
  }

  /**
   * Checks one `seq` of this sid: a message's, or a reply's (an `ok` or `error` on the sid consumes
   * one, as the live feed shows: `ok` seq 108, then the snapshot with 109). A gap, or a poisoned
   * seq (not a positive safe integer), is reported and starts recovery. False for a duplicate.
   */
  private acceptSeq(sid: number, seq: number): boolean {
    const verdict = this.seq.check(seq);
    if (verdict.kind === 'duplicate') return false;
    if (verdict.kind === 'gap') {
      this.owner.count('gaps');
      this.members.status({ state: 'gap', sid, expected: verdict.expected, received: verdict.received });
      this.owner.onGap();
    }
    return true;
  }

  /** A reply (`ok`, `error`) on this sid carried `seq`: it counts in the sid's sequence. */
  noteReplySeq(sid: number, seq: number): void {
    if (this.info.sequenced) this.acceptSeq(sid, seq);
  }

  /** An `error` on this sid that answers no command: its members see it. */
  onServerError(code: number, message: string, market: string | undefined): void {
    this.members.problem(market, { kind: 'server-error', code, message, market });
  }

  /** A message of an unknown type on this sid. */
  onUnknown(message: UnknownMessage): void {
    this.messages++;
    this.members.problem(marketOf(message), { kind: 'unknown', message });
  }

  /** A frame of this sid that failed to decode. */
  onInvalid(error: KalshiDecodeError): void {
    this.members.problem(undefined, { kind: 'decode-error', error });
  }

  /** Age of the last data at `now` (sampled: the hot path reads no clock). */
  dataAgeMs(now: number): number {
    if (this.messages !== this.sampled) {
      this.sampled = this.messages;
      this.lastDataAt = now;
    }
    return now - this.lastDataAt;
  }

  /** Reports `stale` once on `sid` when no data came for `afterMs`. */
  checkStale(now: number, afterMs: number, sid: number): void {
    const age = this.dataAgeMs(now);
    if (this.staleReported || age < afterMs) return;
    this.staleReported = true;
    this.members.status({ state: 'stale', sid, silentForMs: age });
  }
}
