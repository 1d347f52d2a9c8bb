/**
 * What the live view says about faults and recoveries: a state label that holds a passing
 * `reconnecting` / `stale, resyncing` visible for at least a second (a recovery that takes 50 ms
 * would otherwise never show on a screen redrawn four times a second), a short log of the last
 * events with their times, and the counts for the end summary. Pure: the caller passes the times.
 *
 * @module
 */
import type { ConnectionStatus } from '../connection/connection-status.js';
import type { OrderBook } from '../orderbook/order-book.js';

/** How long a passing unhealthy state stays on the status line, at least (ms). */
export const HOLD_MS = 1000;

/** One logged event. */
export interface LoggedEvent {
  readonly at: number;
  readonly kind: 'fault' | 'reconnecting' | 'open' | 'stale' | 'recovered';
  readonly text: string;
}

/** `HH:MM:SS.mmm` (UTC) of an epoch-ms time. */
export const clock = (at: number): string => new Date(at).toISOString().slice(11, 23);

/** Tracks faults and recoveries of one connection and one book. */
export class RecoveryLog {
  faults = 0;
  recoveries = 0;
  private readonly events: LoggedEvent[] = [];
  private connection: ConnectionStatus | undefined;
  private bookStale = false;
  private held: { label: string; until: number } | undefined;
  private troubleSince: number | undefined;

  constructor(private readonly keep = 5) {}

  /** A fault was injected. */
  fault(at: number, what: string): LoggedEvent {
    this.faults++;
    this.troubleSince ??= at;
    return this.log(at, 'fault', `fault: ${what}`);
  }

  /** The connection's status changed; returns the event it makes, if any. */
  status(at: number, s: ConnectionStatus): LoggedEvent | undefined {
    const was = this.connection;
    this.connection = s;
    if (s.state === 'reconnecting') {
      this.hold(at, 'reconnecting');
      this.troubleSince ??= at;
      return this.log(at, 'reconnecting', `reconnecting (${s.reason}, attempt ${s.attempt}, in ${s.delayMs} ms)`);
    }
    if (s.state === 'open' && was !== undefined && was.state !== 'open' && s.attempt > 1)
      return this.log(at, 'open', `socket open again (attempt ${s.attempt})`);
    return undefined;
  }

  /** A book was emitted; returns the recovery it completes, if any. */
  book(at: number, b: OrderBook): LoggedEvent | undefined {
    if (b.status === 'stale') {
      if (this.bookStale) return undefined;
      this.bookStale = true;
      this.hold(at, 'stale, resyncing');
      this.troubleSince ??= at;
      return this.log(at, 'stale', 'book stale: a gap or a drop was detected, resyncing');
    }
    if (!this.bookStale) return undefined;
    this.bookStale = false;
    this.recoveries++;
    const tookMs = this.troubleSince === undefined ? undefined : at - this.troubleSince;
    this.troubleSince = undefined;
    return this.log(
      at,
      'recovered',
      `recovered: book live again from a ${b.base}${tookMs === undefined ? '' : ` ${tookMs} ms after the fault`}`,
    );
  }

  /** Adds a note to the last event (e.g. the truth check of a recovery). */
  annotate(event: LoggedEvent, note: string): LoggedEvent {
    const i = this.events.lastIndexOf(event);
    const next = { ...event, text: `${event.text}; ${note}` };
    if (i >= 0) this.events[i] = next;
    return next;
  }

  /** The state to show now: the current trouble, or a passing one held for {@link HOLD_MS}. */
  label(at: number): string {
    const c = this.connection;
    if (c !== undefined && c.state === 'reconnecting') return `reconnecting (${c.reason}, attempt ${c.attempt}, ${c.delayMs} ms)`;
    if (c !== undefined && c.state === 'connecting' && c.attempt > 1) return 'reconnecting (connecting)';
    if (this.bookStale) return 'stale, resyncing';
    if (this.held !== undefined && at < this.held.until) return `${this.held.label} (recovered)`;
    return c === undefined ? 'starting' : c.state;
  }

  /** The last few events, oldest first, as `time text` lines. */
  recent(): string[] {
    return this.events.map((e) => `${clock(e.at)} ${e.text}`);
  }

  private hold(at: number, label: string): void {
    this.held = { label, until: at + HOLD_MS };
  }

  private log(at: number, kind: LoggedEvent['kind'], text: string): LoggedEvent {
    const e = { at, kind, text };
    this.events.push(e);
    if (this.events.length > this.keep) this.events.shift();
    return e;
  }
}
