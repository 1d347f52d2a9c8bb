/**
 * The live book view of `kalshi-rx demo` and `kalshi-rx book`: a redrawn screen on a terminal,
 * plain lines otherwise (a summary every second, plus one line per fault and per recovery).
 *
 * @module
 */
import { Subscription } from 'rxjs';
import type { Trade } from '../channels/trade.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import type { OrderBook } from '../orderbook/order-book.js';
import { whenStopped } from './cli-support.js';
import { clock, type LoggedEvent, RecoveryLog } from './recovery-log.js';
import { type BookViewState, renderBook, summaryLine } from './render-book.js';

/** What the demo adds to the view: faults on a timer, and a truth check after each recovery. */
export interface DemoHooks {
  readonly faultEveryS: number;
  /** Injects the next fault; returns what it was. */
  inject(): string;
  /** Checks the book against the simulator's truth once it has caught up; returns a note. */
  check(latest: () => OrderBook | undefined): Promise<string>;
}

/** Runs the live book view until stopped; rejects on a fatal stream error. Returns its log. */
export async function liveView(
  conn: KalshiConnection,
  market: string,
  durationS: number,
  source: string,
  demo?: DemoHooks,
): Promise<RecoveryLog> {
  const tty = process.stdout.isTTY === true;
  if (tty) process.stdout.write('\x1b[?25l'); // hide the cursor while redrawing
  const log = new RecoveryLog();
  let book: OrderBook | undefined;
  const trades: Trade[] = [];
  let failure: unknown;
  let checking: Promise<void> | undefined;
  const subs = new Subscription();
  const fail = (e: unknown): void => {
    failure ??= e;
  };
  const print = (e: LoggedEvent): void => {
    if (!tty && (e.kind === 'fault' || e.kind === 'recovered')) process.stdout.write(`${clock(e.at)} ${e.text}\n`);
  };
  subs.add(
    conn.orderbook(market).subscribe({
      next: (b) => {
        book = b;
        const e = log.book(Date.now(), b);
        if (e === undefined) return;
        if (demo === undefined || e.kind !== 'recovered') print(e);
        else
          checking = demo
            .check(() => book)
            .then((note) => print(log.annotate(e, note)), fail)
            .finally(() => {
              checking = undefined;
            });
      },
      error: fail,
    }),
  );
  subs.add(
    conn.trades([market]).subscribe({
      next: (t) => {
        trades.push(t);
        if (trades.length > 50) trades.shift();
      },
      error: fail,
    }),
  );
  subs.add(
    conn.status$.subscribe((s) => {
      log.status(Date.now(), s);
    }),
  );
  let lastCount = 0;
  let lastAt = Date.now();
  let rate = 0;
  const draw = (): void => {
    const now = Date.now();
    const count = conn.metricsNow().messages;
    if (now - lastAt >= 1000) {
      rate = ((count - lastCount) * 1000) / (now - lastAt);
      lastCount = count;
      lastAt = now;
    }
    const state: BookViewState = {
      market,
      source,
      book,
      trades,
      state: log.label(now),
      events: log.recent(),
      metrics: conn.metricsNow(),
      messagesPerSecond: rate,
    };
    if (tty) process.stdout.write(`\x1b[H\x1b[2J${renderBook(state).join('\n')}\n`);
    else process.stdout.write(`${summaryLine(state)}\n`);
  };
  const timer = setInterval(draw, tty ? 250 : 1000);
  const faults =
    demo === undefined
      ? undefined
      : setInterval(() => {
          if (checking === undefined) print(log.fault(Date.now(), demo.inject()));
        }, demo.faultEveryS * 1000);
  const stopped = whenStopped(durationS);
  const failed = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (failure !== undefined) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    void stopped.then(() => {
      clearInterval(check);
      resolve();
    });
  });
  await Promise.race([stopped, failed]);
  clearInterval(timer);
  if (faults !== undefined) clearInterval(faults);
  if (checking !== undefined) await checking;
  if (tty) process.stdout.write('\x1b[?25h');
  if (failure === undefined) draw();
  subs.unsubscribe();
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error(typeof failure === 'string' ? failure : 'the stream failed', { cause: failure });
  return log;
}
