/**
 * The live book view of `kalshi-rx demo` and `kalshi-rx book`.
 *
 * @module
 */
import { Subscription } from 'rxjs';
import type { Trade } from '../channels/trade.js';
import type { ConnectionStatus } from '../connection/connection-status.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import type { OrderBook } from '../orderbook/order-book.js';
import { whenStopped } from './cli-support.js';
import { type BookViewState, renderBook, summaryLine } from './render-book.js';

/** Runs the live book view until stopped; rejects on a fatal stream error. */
export async function liveView(conn: KalshiConnection, market: string, durationS: number, inject?: (tick: number) => string | undefined, faultEveryS = 4): Promise<void> {
  const tty = process.stdout.isTTY === true;
  if (tty) process.stdout.write('\x1b[?25l'); // hide the cursor while redrawing
  let book: OrderBook | undefined;
  let status: ConnectionStatus | undefined;
  const trades: Trade[] = [];
  let note: string | undefined;
  let failure: unknown;
  const subs = new Subscription();
  const fail = (e: unknown): void => { failure ??= e; };
  subs.add(conn.orderbook(market).subscribe({ next: (b) => { book = b; }, error: fail }));
  subs.add(conn.trades([market]).subscribe({ next: (t) => { trades.push(t); if (trades.length > 50) trades.shift(); }, error: fail }));
  subs.add(conn.status$.subscribe((s) => { status = s; }));
  let lastCount = 0;
  let lastAt = Date.now();
  let rate = 0;
  let ticks = 0;
  const draw = (): void => {
    const now = Date.now();
    const count = conn.metricsNow().messages;
    if (now - lastAt >= 1000) {
      rate = ((count - lastCount) * 1000) / (now - lastAt);
      lastCount = count;
      lastAt = now;
    }
    const state: BookViewState = { market, book, trades, status, metrics: conn.metricsNow(), messagesPerSecond: rate, ...(note === undefined ? {} : { note }) };
    if (tty) process.stdout.write(`\x1b[H\x1b[2J${renderBook(state).join('\n')}\n`);
    else process.stdout.write(`${summaryLine(state)}\n`);
  };
  const period = tty ? 250 : 1000;
  const timer = setInterval(() => {
    ticks++;
    if (inject !== undefined && (ticks * period) % Math.max(period, faultEveryS * 1000) === 0) note = inject(ticks) ?? note;
    draw();
  }, period);
  const stopped = whenStopped(durationS);
  const failed = new Promise<void>((resolve) => {
    const check = setInterval(() => { if (failure !== undefined) { clearInterval(check); resolve(); } }, 50);
    void stopped.then(() => { clearInterval(check); resolve(); });
  });
  await Promise.race([stopped, failed]);
  clearInterval(timer);
  if (tty) process.stdout.write('\x1b[?25h');
  if (failure === undefined) draw();
  subs.unsubscribe();
  if (failure !== undefined) throw failure;
}

