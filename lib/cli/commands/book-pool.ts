/**
 * `kalshi-rx book --markets-file F --pool N`: live books of many markets over a pool of up to N
 * sockets, shown as one status line a second (books live, sockets and markets per socket,
 * commands) and a one-line summary at the end.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { KalshiConnection } from '../../connection/kalshi-connection-api.js';
import type { OrderBook } from '../../orderbook/order-book.js';
import { CliError } from '../cli-error.js';
import { type Flags, num, positive } from '../cli-flags.js';
import { whenStopped, withEndpoint } from '../cli-support.js';

/** The market tickers of a file: one per line (blank lines and `#` comments ignored), de-duplicated. */
export function readMarketsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read --markets-file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const markets = [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.replace(/#.*/, '').trim())
        .filter((l) => l !== ''),
    ),
  ];
  if (markets.length === 0) throw new CliError(`--markets-file ${path} names no market (one ticker per line)`);
  return markets;
}

/** One status line of the pool view. */
export function poolLine(conn: KalshiConnection, books: ReadonlyMap<string, OrderBook>, total: number): string {
  const m = conn.metricsNow();
  let live = 0;
  for (const b of books.values()) if (b.status === 'live') live++;
  const sockets = m.sockets ?? [];
  const spread = sockets.map((s) => s.markets['orderbook_delta'] ?? 0).join('/');
  return `books live ${live}/${total} · sockets ${sockets.length} (markets ${spread || '-'}) · commands ${m.commandsSent} · messages ${m.messages} · reconnects ${m.reconnects}`;
}

/** Shows the books of every market of `--markets-file` over a pool of `--pool` sockets. */
export async function bookPool(flags: Flags): Promise<void> {
  const file = flags['markets-file'];
  if (file === undefined) throw new CliError('book --pool needs --markets-file F (one ticker per line)');
  const pool = positive(flags.pool, 'pool', 4);
  if (!Number.isInteger(pool) || pool > 100)
    throw new CliError(`--pool must be a whole number of sockets from 1 to 100, got ${String(flags.pool)}`);
  const markets = readMarketsFile(file);
  const duration = num(flags.duration, 'duration', 0);
  const perSocket = Math.ceil(markets.length / pool);
  await withEndpoint(
    flags,
    { markets, simulatorMarkets: markets, pool: { maxSockets: pool, maxMarketsPerSocket: perSocket } },
    async (conn, source) => {
      process.stderr.write(`kalshi-rx: ${markets.length} books from ${source} over up to ${pool} socket(s), ${perSocket} markets each\n`);
      const books = new Map<string, OrderBook>();
      let failure: unknown;
      const subs = markets.map((m) =>
        conn.orderbook(m).subscribe({
          next: (b) => books.set(m, b),
          error: (e: unknown) => {
            failure ??= e;
          },
        }),
      );
      const timer = setInterval(() => process.stdout.write(`${poolLine(conn, books, markets.length)}\n`), 1000);
      let summary: string;
      try {
        await whenStopped(duration);
        summary = poolLine(conn, books, markets.length);
      } finally {
        clearInterval(timer);
        for (const s of subs) s.unsubscribe();
      }
      if (failure !== undefined)
        throw failure instanceof Error ? failure : new CliError(`a book stream failed: ${JSON.stringify(failure)}`);
      process.stdout.write(`summary: ${summary}\n`);
    },
  );
}
