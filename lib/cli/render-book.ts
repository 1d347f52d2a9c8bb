/**
 * Renders the live view of `kalshi-rx demo` / `book`: the ladder, recent trades and a status
 * line, as plain text lines (the caller decides whether to redraw or print).
 *
 * @module
 */
import type { Trade } from '../channels/trade.js';
import type { HealthMetrics } from '../connection/health-metrics.js';
import type { OrderBook } from '../orderbook/order-book.js';
import { formatCount, formatPrice, type Count, type Price } from '../protocol/fixed-point.js';

/** Everything the view shows. */
export interface BookViewState {
  readonly market: string;
  /** Where the data comes from (`embedded simulator`, a URL), shown in the header. */
  readonly source?: string;
  readonly book: OrderBook | undefined;
  readonly trades: readonly Trade[];
  /** The state label (see `RecoveryLog.label`): `open`, `reconnecting (...)`, `stale, resyncing`, ... */
  readonly state: string;
  /** The last few events with their times, oldest first. */
  readonly events?: readonly string[];
  readonly metrics: HealthMetrics;
  readonly messagesPerSecond: number;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** One status line: connection state and health counters. */
export function statusLine(s: BookViewState): string {
  const m = s.metrics;
  return `${s.state} | ${Math.round(s.messagesPerSecond)} msg/s | gaps ${m.gaps} | resyncs ${m.resyncs} | reconnects ${m.reconnects} | dups ${m.duplicates} | bad frames ${m.decodeFailures}`;
}

/** One-line summary of the book (used when stdout is not a terminal). */
export function summaryLine(s: BookViewState): string {
  const b = s.book;
  if (b === undefined) return `${s.market} waiting for snapshot | ${statusLine(s)}`;
  const bid = b.bestYesBid;
  const ask = b.impliedYesAsk;
  // The best level of each side, whatever its price scale.
  const bidQ = b.top('yes', 1)[0]?.[1];
  const askQ = b.top('no', 1)[0]?.[1];
  const px = (p: Price | undefined): string => (p === undefined ? '-' : formatPrice(p));
  const qty = (q: Count | undefined): string => (q === undefined ? '-' : formatCount(q));
  return `${s.market} ${b.status} bid ${px(bid)} x ${qty(bidQ)} | ask ${px(ask)} x ${qty(askQ)} | spread ${px(b.spread)} | ${statusLine(s)}`;
}

/** The full terminal view. */
export function renderBook(s: BookViewState, depth = 8): string[] {
  const lines: string[] = [];
  lines.push(`kalshi-rx  ${s.market}${s.source === undefined ? '' : `  · ${s.source}`}`);
  lines.push('');
  const b = s.book;
  if (b === undefined) {
    lines.push('  waiting for the first snapshot…');
  } else {
    lines.push(
      `  ${b.status === 'live' ? 'LIVE' : 'STALE (resyncing)'}  seq ${b.seq}   best bid ${b.bestYesBid === undefined ? '-' : formatPrice(b.bestYesBid)}   implied ask ${b.impliedYesAsk === undefined ? '-' : formatPrice(b.impliedYesAsk)}   spread ${b.spread === undefined ? '-' : formatPrice(b.spread)}`,
    );
    lines.push('');
    lines.push(`  ${pad('YES ask', 10)} ${pad('size', 10)}   (implied from NO bids)`);
    // Implied YES asks from the best NO bids (exact: 1 − NO price, or the YES-scale level), best at the bottom.
    const asks = b
      .top('no', depth)
      .map(([p, q]) => [b.useYesPrice ? p : ((10_000 - p) as Price), q] as const)
      .reverse();
    for (const [p, q] of asks) lines.push(`  ${pad(formatPrice(p), 10)} ${pad(formatCount(q), 10)}`);
    lines.push(`  ${'-'.repeat(23)}`);
    for (const [p, q] of b.top('yes', depth)) lines.push(`  ${pad(formatPrice(p), 10)} ${pad(formatCount(q), 10)}`);
    lines.push(`  ${pad('YES bid', 10)} ${pad('size', 10)}`);
  }
  lines.push('');
  lines.push('  recent trades');
  for (const t of s.trades.slice(-5).reverse()) {
    lines.push(`  ${pad(formatPrice(t.msg.yes_price_dollars), 10)} ${pad(formatCount(t.msg.count_fp), 10)}  taker ${t.msg.taker_side}`);
  }
  if (s.events !== undefined && s.events.length > 0) {
    lines.push('');
    lines.push('  recent events');
    for (const e of s.events) lines.push(`  ${e}`);
  }
  lines.push('');
  lines.push(`  ${statusLine(s)}`);
  return lines;
}
