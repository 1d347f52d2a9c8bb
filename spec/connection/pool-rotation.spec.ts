// A make-before-break rotation as the consumers see it (fake time, fake sockets answered by the
// in-memory Kalshi): what a replacement waits for, how the overlap is de-duplicated (in the
// buffer, and for a while after the handover), consumers leaving mid-rotation, and the ways a
// rotation is abandoned. pool-core.spec.ts has the plain rotation; this is the detail.
import { describe, expect, it, vi } from 'vitest';
import { KalshiConnectionClosedError } from '../../lib/connection/connection-errors.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import { messageKey } from '../../lib/connection/pool-rotation.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { FakeSocket } from '../helpers/fake-socket.js';
import { AutoSocket, placed, pool, rotating, sidOf, sockets, tickerOn, useFakePoolTime } from '../helpers/pool-harness.js';

useFakePoolTime();

/** The prices (decoded to 1/10,000 $) and decode errors one events('ticker') consumer receives, in order. */
function tickerLog(conn: ReturnType<typeof pool>, market: string): { log: (number | string)[]; unsubscribe: () => void } {
  const log: (number | string)[] = [];
  const sub = conn.events('ticker', { market_ticker: market }).subscribe((e) => {
    if (e.kind === 'data') log.push(Number(e.message.msg.price_dollars));
    else if (e.kind !== 'status') log.push(e.kind);
  });
  return { log, unsubscribe: () => sub.unsubscribe() };
}

/** A ticker consumer of M0 (its log), a second one whose errors are kept, and the pool's statuses. */
function watchedTicker(conn: ReturnType<typeof pool>): { log: (number | string)[]; errors: unknown[]; statuses: ConnectionStatus[] } {
  const { log } = tickerLog(conn, 'M0');
  const errors: unknown[] = [];
  conn.ticker(['M0']).subscribe({ error: (e: unknown) => errors.push(e) });
  const statuses: ConnectionStatus[] = [];
  conn.status$.subscribe((s) => statuses.push(s));
  return { log, errors, statuses };
}

describe('messageKey (the identity of a message across sockets)', () => {
  const key = (msg: unknown, type = 'ticker'): string => messageKey({ type, sid: 1, seq: 1, msg });
  it('ignores sid, seq and key order; tells apart type, values, value kinds, array contents and keys', () => {
    expect(messageKey({ type: 'ticker', sid: 1, seq: 4, msg: { a: 1, b: [2, { c: 3, d: 4 }] } })).toBe(messageKey({ sid: 9, type: 'ticker', msg: { b: [2, { d: 4, c: 3 }], a: 1 } }));
    const distinct = [
      key({ a: 1 }), key({ a: 1 }, 'trade'), key({ a: 2 }), key({ b: 1 }), key({ a: '1' }), key({ a: 1n }), key({ a: 2n }), key({ a: null }),
      key({ a: undefined }), key({ a: 'undefined' }), key({ a: true }), key({ a: [1, 2] }), key({ a: [12] }), key({ a: [] }), key({ a: [undefined] }),
      key({ a: {} }), key({ a: 1, b: 2 }), key([1]), key('x'), key(undefined), key({ a: { b: 1 } }), key({ a: { c: 1 } }),
    ];
    expect(new Set(distinct).size).toBe(distinct.length);
  });
});

describe('rotate(): what the replacement waits for', () => {
  it('a book waits for its fresh snapshot; the overlap is delivered once, buffered data and problems in order, the book from the new snapshot', async () => {
    const conn = pool({}, { books: true });
    const { log } = tickerLog(conn, 'M0');
    const other = tickerLog(conn, 'M1');
    const books: OrderBook[] = [];
    conn.orderbook('M0').subscribe((b) => books.push(b));
    await vi.advanceTimersByTimeAsync(50);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : kalshi(cmd, s).filter((f) => (f as { type?: string }).type !== 'orderbook_snapshot'));
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(50);
    const fresh = sockets()[1]!;
    expect(fresh.readyState).toBe(1);
    // The M1 consumer leaves while its shadow is ready and the book's is not: still waiting.
    other.unsubscribe();
    await vi.advanceTimersByTimeAsync(50);
    expect(r.outcome).toBe('pending');
    tickerOn(old, 'M0', '0.4100');
    // The old socket's book moves during the overlap (its snapshot was seq 1).
    const delta = { market_ticker: 'M0', price_dollars: '0.2000', delta_fp: '3.00', side: 'yes' };
    old.receive({ type: 'orderbook_delta', sid: sidOf(old, 'orderbook_delta'), seq: 2, msg: delta });
    tickerOn(fresh, 'M0', '0.4100');
    tickerOn(fresh, 'M0', '0.4200');
    fresh.receive({ type: 'ticker', sid: sidOf(fresh, 'ticker'), msg: { market_ticker: 'M0', price_dollars: 7 } });
    // A delta on the replacement before its snapshot does not make the book ready.
    fresh.receive({ type: 'orderbook_delta', sid: sidOf(fresh, 'orderbook_delta'), seq: 1, msg: { market_ticker: 'M0', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' } });
    await vi.advanceTimersByTimeAsync(50);
    expect(r.outcome).toBe('pending');
    expect(log).toEqual([4100]);
    const before = books.length;
    fresh.receive({ type: 'orderbook_snapshot', sid: sidOf(fresh, 'orderbook_delta'), seq: 2, msg: { market_ticker: 'M0', yes_dollars_fp: [['0.3100', '7.00']], no_dollars_fp: [['0.5000', '5.00']] } });
    await vi.advanceTimersByTimeAsync(1);
    expect(r.outcome).toBe('resolved');
    expect(old.readyState).toBe(3);
    expect(log).toEqual([4100, 4200, 'decode-error']);
    expect(books.slice(before).map((b) => b.yes)).toEqual([[['0.3100', '7.00']]]);
    // The overlap's copy was matched in the buffer: the same ticker again later is new.
    tickerOn(fresh, 'M0', '0.4100');
    expect(log).toEqual([4100, 4200, 'decode-error', 4100]);
    // A book is not de-duplicated by content: the same delta on the replacement after its snapshot applies.
    fresh.receive({ type: 'orderbook_delta', sid: sidOf(fresh, 'orderbook_delta'), seq: 3, msg: delta });
    expect(books.at(-1)?.yes).toEqual([['0.2000', '3.00'], ['0.3100', '7.00']]);
    conn.close();
  });

  it('an empty pool hands over only once the replacement is open', async () => {
    const conn = pool();
    await vi.advanceTimersByTimeAsync(10);
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets()).toHaveLength(2);
    expect(r.outcome).toBe('pending');
    sockets()[1]!.open();
    await vi.advanceTimersByTimeAsync(1);
    expect(r.outcome).toBe('resolved');
    conn.close();
  });

  it('the replacement is hidden until the handover; rotated reports the socket, its successor, the duration and why', async () => {
    const conn = pool();
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    statuses.length = 0;
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(30);
    const late: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => late.push(s)).unsubscribe();
    expect(late).toEqual([{ state: 'open', attempt: 1, socket: 0 }]);
    sockets()[1]!.open();
    // The ticker stream hands over once the old socket answered the barrier and stayed quiet for QUIET_MS.
    await vi.advanceTimersByTimeAsync(1);
    expect(r.outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(100);
    expect(r.outcome).toBe('resolved');
    expect(statuses).toEqual([{ state: 'rotated', socket: 0, by: 1, durationMs: 130, why: 'requested' }]);
    const after: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => after.push(s)).unsubscribe();
    expect(after).toEqual([{ state: 'open', attempt: 1, socket: 1 }]);
    conn.close();
  });
});

describe('rotate(): the overlap after the handover', () => {
  it('each message the old socket delivered is dropped once when the replacement sends it late, for handoverTimeoutMs at most', async () => {
    const conn = pool({ rotation: { handoverTimeoutMs: 1_000 } });
    const { log } = tickerLog(conn, 'M0');
    await vi.advanceTimersByTimeAsync(10);
    const old = sockets()[0]!;
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(10);
    for (const p of ['0.4100', '0.4100', '0.4200', '0.4400']) tickerOn(old, 'M0', p);
    const fresh = sockets()[1]!;
    fresh.open();
    // The old socket answers the barrier and is quiet for QUIET_MS.
    await vi.advanceTimersByTimeAsync(101);
    expect(r.outcome).toBe('resolved');
    for (const p of ['0.4200', '0.4100', '0.4300', '0.4100', '0.4100']) tickerOn(fresh, 'M0', p);
    expect(log).toEqual([4100, 4100, 4200, 4400, 4300, 4100]);
    await vi.advanceTimersByTimeAsync(1_000);
    tickerOn(fresh, 'M0', '0.4400');
    expect(log).toEqual([4100, 4100, 4200, 4400, 4300, 4100, 4400]);
    conn.close();
  });
});

describe('rotate(): consumers leaving, and rotations abandoned', () => {
  it('a consumer leaving before the replacement opens takes its shadow along: the replacement subscribes only what is left', async () => {
    const conn = pool();
    conn.ticker(['M0']).subscribe();
    const leaving = conn.ticker(['M1']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(10);
    leaving.unsubscribe();
    const fresh = sockets()[1]!;
    fresh.open();
    await vi.advanceTimersByTimeAsync(110);
    expect(r.outcome).toBe('resolved');
    expect(fresh.commands()).toEqual([{ cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['M0'] } }]);
    expect(placed(fresh)).toEqual(['M0']);
    conn.close();
  });

  it('a replacement subscription refused: rotate() rejects with the refusal, the consumer keeps the old socket and hears nothing of it', async () => {
    const conn = pool();
    const { log, errors, statuses } = watchedTicker(conn);
    await vi.advanceTimersByTimeAsync(10);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : [{ id: cmd.id, type: 'error', msg: { code: 8, msg: 'Unknown channel name' } }]);
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(50);
    expect(r.outcome).toBe('rejected');
    expect((r.error as Error).name).toBe('KalshiCommandError');
    expect((r.error as { code?: number }).code).toBe(8);
    expect(sockets()[1]!.readyState).toBe(3);
    expect(statuses.filter((s) => s.state === 'rotated')).toEqual([]);
    tickerOn(old, 'M0', '0.4500');
    expect(log).toEqual([4500]);
    expect(errors).toEqual([]);
    conn.close();
  });

  it('a replacement that does not catch up: rotate() rejects naming the socket and the timeout', async () => {
    const conn = pool({ rotation: { handoverTimeoutMs: 700 } });
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(750);
    expect(r.outcome).toBe('rejected');
    expect((r.error as Error).message).toBe('rotation of socket 0: the replacement did not catch up within 700 ms');
    conn.close();
  });

  it('close() during a rotation rejects it as closed; rotate() after close() rejects at once', async () => {
    const conn = pool();
    conn.ticker(['M0']).subscribe();
    await vi.advanceTimersByTimeAsync(10);
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(10);
    conn.close();
    await vi.advanceTimersByTimeAsync(1);
    expect(r.outcome).toBe('rejected');
    expect(r.error).toBeInstanceOf(KalshiConnectionClosedError);
    expect((r.error as Error).message).toBe('connection closed during a rotation');
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3]);
    const after = rotating(conn);
    await vi.advanceTimersByTimeAsync(1);
    expect(after.outcome).toBe('rejected');
    expect(after.error).toBeInstanceOf(KalshiConnectionClosedError);
    expect((after.error as Error).message).toBe('connection is closed');
    expect(sockets()).toHaveLength(2);
  });
  it('a replacement socket that ends for good before it is live (reconnect off): rotate() rejects with its error, the pool and its consumer keep the old socket', async () => {
    const conn = pool();
    const { log, errors, statuses } = watchedTicker(conn);
    await vi.advanceTimersByTimeAsync(10);
    statuses.length = 0;
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    FakeSocket.script = (cmd, s) => (s === old ? kalshi(cmd, s) : []);
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(10);
    sockets()[1]!.serverClose(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(r.outcome).toBe('rejected');
    expect(r.error).toBeInstanceOf(KalshiConnectionClosedError);
    expect((r.error as Error).message).toBe('socket dropped; reconnect is disabled');
    expect(statuses).toEqual([]);
    expect(sockets().map((s) => s.readyState)).toEqual([1, 3]);
    tickerOn(old, 'M0', '0.4500');
    expect(log).toEqual([4500]);
    expect(errors).toEqual([]);
    conn.close();
  });

  it('an empty pool: a replacement socket that ends for good before it opens only abandons the rotation; the pool goes on', async () => {
    const conn = pool();
    const statuses: ConnectionStatus[] = [];
    conn.status$.subscribe((s) => statuses.push(s));
    await vi.advanceTimersByTimeAsync(10);
    statuses.length = 0;
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(10);
    sockets()[1]!.serverClose(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(r.outcome).toBe('rejected');
    expect((r.error as Error).message).toBe('socket dropped; reconnect is disabled');
    expect(statuses).toEqual([]);
    AutoSocket.hold = false;
    const { log } = tickerLog(conn, 'M0');
    await vi.advanceTimersByTimeAsync(10);
    expect(sockets()).toHaveLength(2);
    tickerOn(sockets()[0]!, 'M0', '0.4500');
    expect(log).toEqual([4500]);
    conn.close();
  });
});

describe('rotate(): consumers after the handover', () => {
  it('a consumer over two sockets, both rotated, still hears live after one of its parts went stale', async () => {
    const conn = pool({ maxMarketsPerSocket: 1, dataStaleAfterMs: 1_000 });
    const states: string[] = [];
    conn.events('ticker', { market_tickers: ['M0', 'M1'] }).subscribe((e) => { if (e.kind === 'status') states.push(e.status.state); });
    await vi.advanceTimersByTimeAsync(20);
    const r = rotating(conn);
    // Two handovers in turn, each after the old socket's barrier and QUIET_MS.
    await vi.advanceTimersByTimeAsync(300);
    expect(r.outcome).toBe('resolved');
    expect(sockets().map((s) => s.readyState)).toEqual([3, 3, 1, 1]);
    const [, , m0, m1] = sockets();
    for (let t = 0; t < 15; t++) {
      tickerOn(m1!, 'M1', '0.4000');
      await vi.advanceTimersByTimeAsync(100);
    }
    tickerOn(m0!, 'M0', '0.4000');
    expect(states).toEqual(['live', 'stale', 'live']);
    conn.close();
  });
});

describe('rotate(): a replacement that drops before it is live', () => {
  it('the handover waits for its subscription to be live again after it reconnects', async () => {
    const conn = pool({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    const { log } = tickerLog(conn, 'M0');
    await vi.advanceTimersByTimeAsync(10);
    const old = sockets()[0]!;
    const kalshi = FakeSocket.script;
    // The replacement's first socket never answers; the one it reconnects with does.
    FakeSocket.script = (cmd, s) => (s === sockets()[1] ? [] : kalshi(cmd, s));
    AutoSocket.hold = true;
    const r = rotating(conn);
    await vi.advanceTimersByTimeAsync(10);
    sockets()[1]!.open();
    await vi.advanceTimersByTimeAsync(10);
    sockets()[1]!.serverClose(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(r.outcome).toBe('pending');
    expect(sockets()).toHaveLength(3);
    tickerOn(old, 'M0', '0.4000');
    sockets()[2]!.open();
    await vi.advanceTimersByTimeAsync(110);
    expect(r.outcome).toBe('resolved');
    tickerOn(sockets()[2]!, 'M0', '0.4100');
    expect(log).toEqual([4000, 4100]);
    conn.close();
  });
});
