// The public surface over a pool, as its user sees it (fake time, fake sockets answered by the
// in-memory Kalshi): what channel() and orderbook() accept, which book streams are shared,
// what a violation sends, and metrics() sampling.
import { Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { KalshiUsageError } from '../../lib/errors/kalshi-error.js';
import type { HealthMetrics } from '../../lib/connection/health-metrics.js';
import type { BookViolation } from '../../lib/orderbook/order-book.js';
import { pool, sidOf, sockets, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

/** The error a subscription of `stream` ends with (at once), or undefined. */
function errorOf(stream: { subscribe: (o: { error: (e: unknown) => void }) => unknown }): unknown {
  let error: unknown;
  stream.subscribe({ error: (e) => (error = e) });
  return error;
}

describe('channel() parameters', () => {
  it('an unknown channel is refused at once, naming it and the known channels', () => {
    const conn = pool();
    expect(() => conn.channel('tickr' as never)).toThrow(KalshiUsageError);
    expect(() => conn.channel('tickr' as never)).toThrow(/^unknown Kalshi channel "tickr"; known channels: orderbook_delta, ticker, trade, /);
    expect(() => conn.channel(7 as never)).toThrow(/^unknown Kalshi channel 7; known channels: /);
    conn.close();
  });

  it('market_ticker and market_tickers together, an empty or blank ticker, or a non-string one are refused', () => {
    const conn = pool();
    expect(() => conn.channel('ticker', { market_ticker: 'M0', market_tickers: ['M1'] })).toThrow(/^give market_ticker or market_tickers, not both$/);
    expect(() => conn.channel('ticker', { market_tickers: ['M0', ''] })).toThrow(/^market ticker must be a non-empty string, got ""$/);
    expect(() => conn.channel('ticker', { market_tickers: ['M0', '  '] })).toThrow(/^market ticker must be a non-empty string, got " {2}"$/);
    expect(() => conn.channel('ticker', { market_tickers: ['M0', 5 as never] })).toThrow(/^market ticker must be a non-empty string, got 5$/);
    expect(() => conn.channel('ticker', { market_ticker: ' ' })).toThrow(KalshiUsageError);
    conn.close();
  });

  it('a channel without a market filter subscribes without the markets it was given', async () => {
    const conn = pool();
    conn.channel('market_lifecycle_v2', { market_tickers: ['M0'] }).subscribe();
    await vi.advanceTimersByTimeAsync(20);
    expect(sockets()[0]!.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } }]);
    conn.close();
  });

  it('the same options in another key order share the subscription; other values of an option cannot share it on one socket', async () => {
    const conn = pool({ maxSockets: 1 });
    conn.channel('ticker', { market_ticker: 'M0', send_initial_snapshot: true, skip_ticker_ack: true }).subscribe();
    await vi.advanceTimersByTimeAsync(20);
    const second = errorOf(conn.channel('ticker', { market_ticker: 'M1', skip_ticker_ack: true, send_initial_snapshot: true }));
    await vi.advanceTimersByTimeAsync(20);
    expect(second).toBeUndefined();
    expect(sockets()[0]!.commands().map((c) => (c as { cmd: string }).cmd)).toEqual(['subscribe', 'update_subscription']);
    const other = errorOf(conn.channel('ticker', { market_ticker: 'M2', skip_ticker_ack: true, send_initial_snapshot: false }));
    expect(other).toBeInstanceOf(KalshiUsageError);
    expect((other as Error).message).toMatch(/^ticker is already subscribed on this connection with other options/);
    conn.close();
  });
});

describe('orderbook()', () => {
  it('needs a non-blank string ticker', () => {
    const conn = pool();
    for (const bad of ['', '   ', 42]) {
      expect(() => conn.orderbook(bad as never)).toThrow(KalshiUsageError);
      expect(() => conn.orderbook(bad as never)).toThrow(/^orderbook\(\) needs a market ticker$/);
    }
    conn.close();
  });

  it('books of one market and options are one stream (useYesPrice false is the default); books with onViolation are their own', () => {
    const conn = pool();
    const book = conn.orderbook('M0');
    expect(conn.orderbook('M0')).toBe(book);
    expect(conn.orderbook('M0', { useYesPrice: false })).toBe(book);
    expect(conn.orderbook('M0', { useYesPrice: true })).not.toBe(book);
    expect(conn.orderbook('M0', { resyncOnViolation: true })).toBe(book);
    expect(conn.orderbook('M0', { resyncOnViolation: false })).not.toBe(book);
    const watched = conn.orderbook('M0', { onViolation: () => undefined });
    expect(watched).not.toBe(book);
    expect(conn.orderbook('M0', { onViolation: () => undefined })).not.toBe(watched);
    expect(conn.orderbook('M0')).toBe(book);
    conn.close();
  });

  it('a book with onViolation made first is not the shared one', () => {
    const conn = pool();
    const watched = conn.orderbook('M1', { onViolation: () => undefined });
    expect(conn.orderbook('M1')).not.toBe(watched);
    conn.close();
  });

  it('once its last subscriber leaves, the next orderbook() of the market is a new stream; a private book leaving does not drop the shared one', async () => {
    const conn = pool({}, { books: true });
    const book = conn.orderbook('M0');
    const sub = book.subscribe();
    const watched = conn.orderbook('M0', { onViolation: () => undefined }).subscribe();
    await vi.advanceTimersByTimeAsync(20);
    watched.unsubscribe();
    expect(conn.orderbook('M0')).toBe(book);
    sub.unsubscribe();
    expect(conn.orderbook('M0')).not.toBe(book);
    conn.close();
  });

  it('a violation calls onViolation, counts, and asks a snapshot unless resyncOnViolation is false', async () => {
    const conn = pool({}, { books: true });
    const seen: BookViolation[] = [];
    conn.orderbook('M0', { resyncOnViolation: false, onViolation: (v) => seen.push(v) }).subscribe();
    conn.orderbook('M1', { onViolation: (v) => seen.push(v) }).subscribe();
    await vi.advanceTimersByTimeAsync(20);
    const s = sockets()[0]!;
    const before = s.sent.length;
    const sid = sidOf(s, 'orderbook_delta');
    s.receive({ type: 'orderbook_delta', sid, seq: 3, msg: { market_ticker: 'M0', price_dollars: '0.4000', delta_fp: '-50.00', side: 'yes' } });
    await vi.advanceTimersByTimeAsync(20);
    expect(seen.map((v) => v.marketTicker)).toEqual(['M0']);
    expect(s.sent.length).toBe(before);
    s.receive({ type: 'orderbook_delta', sid, seq: 4, msg: { market_ticker: 'M1', price_dollars: '0.4000', delta_fp: '-50.00', side: 'yes' } });
    await vi.advanceTimersByTimeAsync(20);
    expect(seen.map((v) => v.marketTicker)).toEqual(['M0', 'M1']);
    expect(s.sent.slice(before).map((c) => c.frame)).toMatchObject([{ cmd: 'update_subscription', params: { action: 'get_snapshot', market_tickers: ['M1'] } }]);
    expect(conn.metricsNow().violations).toBe(2);
    conn.close();
  });
});

describe('typed streams and metrics()', () => {
  it('ticker() over an Observable of market lists subscribes each market by name', async () => {
    const conn = pool();
    const markets = new Subject<readonly string[]>();
    conn.ticker(markets).subscribe();
    markets.next(['M0']);
    await vi.advanceTimersByTimeAsync(20);
    expect(sockets()[0]!.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['M0'] } }]);
    conn.close();
  });

  it('metrics(periodMs) emits at once and then every period, and completes at the first tick after close', async () => {
    const conn = pool();
    const got: HealthMetrics[] = [];
    let completed = false;
    conn.metrics(100).subscribe({ next: (m) => got.push(m), complete: () => (completed = true) });
    expect(got).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(got).toHaveLength(3);
    conn.close();
    expect(completed).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(completed).toBe(true);
    expect(got).toHaveLength(3);
  });
});
