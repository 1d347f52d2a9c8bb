/**
 * Restore after a drop, heap per live book, and heap growth over subscribe/teardown cycles.
 */
import { performance } from 'node:perf_hooks';
import { queueScheduler } from 'rxjs';
import { connect } from '../lib/connection/kalshi-connection.js';
import { connectPool } from '../lib/connection/connect-pool.js';
import type { PoolOptions } from '../lib/connection/pool-options.js';
import type { OrderBook } from '../lib/orderbook/order-book.js';
import { createTestConnection } from '../lib/testing/test-connection.js';
import type { Firehose } from './firehose-client.js';
import { heapKb, pause, until } from './measure.js';

/** Drop every connection of `fh` and time until every book is live again on a fresh snapshot. */
export async function restore(fh: Firehose, pool?: PoolOptions): Promise<{ ms: number; commands: number; books: number }> {
  const { markets } = fh.w;
  const options = { url: fh.url, reconnect: { initialDelayMs: 1, maxDelayMs: 1 } };
  const conn = pool === undefined ? connect(options) : connectPool({ ...options, ...pool });
  const latest = new Map<string, OrderBook>();
  const subs = markets.map((m) => conn.orderbook(m).subscribe((b) => latest.set(m, b)));
  await until(() => latest.size === markets.length, 'books before the drop');
  await pause(100);
  const before = await fh.commands();
  const t0 = performance.now();
  await fh.drop();
  await until(() => [...latest.values()].every((b) => b.status === 'live' && b.base === 'reconnect'), 'restored books');
  const ms = performance.now() - t0;
  const commands = (await fh.commands()) - before;
  for (const s of subs) s.unsubscribe();
  conn.close();
  return { ms, commands, books: markets.length };
}

/** Heap per live book: books of exactly `levels` levels a side, held as the latest emitted value. */
export async function heapPerBook(fh: Firehose, levels: number, count: number, seed: number): Promise<number> {
  await fh.load({ seed: seed + levels, markets: count, deltas: 1, levels, tickerPrefix: `MEM${levels}` });
  const { markets } = fh.w;
  const conn = connect({ url: fh.url });
  const holder: OrderBook[] = [];
  conn.channel('ticker', { market_tickers: ['warm-up'] }).subscribe().unsubscribe();
  await pause(100);
  const before = heapKb();
  const subs = markets.map((m, i) => conn.orderbook(m).subscribe((b) => { holder[i] = b; }));
  await until(() => holder.filter((b) => b !== undefined).length === markets.length, 'memory books');
  await pause(100);
  const after = heapKb();
  if (holder.some((b) => b.levels('yes') !== levels || b.levels('no') !== levels)) throw new Error('bench: memory books have the wrong depth');
  for (const s of subs) s.unsubscribe();
  conn.close();
  return (after - before) / markets.length;
}

/** Heap growth over `cycles` subscribe/teardown cycles of a ticker and a book (test connection, no socket). */
export async function leakKb(cycles: number): Promise<{ kb: number; commands: number }> {
  // The cycles measure memory, not the command budget: lift the budget so every command goes out.
  const t = createTestConnection(queueScheduler, { commandTimeoutMs: 60_000, keepCommands: false, commandBudget: { burst: 1e9, perSecond: 1e9 } });
  await pause(5);
  const cycle = (i: number): void => {
    t.connection.channel('ticker', { market_ticker: `M${i % 10}` }).subscribe().unsubscribe();
    t.connection.orderbook(`B${i % 10}`).subscribe().unsubscribe();
  };
  for (let i = 0; i < 2000; i++) cycle(i);
  const before = heapKb();
  for (let i = 0; i < cycles; i++) cycle(i);
  const after = heapKb();
  const commands = t.commandCount();
  t.connection.close();
  return { kb: after - before, commands };
}
