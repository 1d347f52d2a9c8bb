import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import { connectPool } from '../../lib/connection/connect-pool.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { ConnectionStatus, SubscriptionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { eventually, sleep } from '../helpers/eventually.js';
import { loopback } from '../helpers/loopback.js';

const MARKETS = Array.from({ length: 10 }, (_, i) => `ROT-${i}`);

/** Steps the simulator every few ms (a live feed) until paused. */
function firehose(sim: Simulator): { pause(): void; resume(): void; stop(): void } {
  let on = true;
  const timer = setInterval(() => { if (on) sim.step(3); }, 4);
  return { pause: () => { on = false; }, resume: () => { on = true; }, stop: () => clearInterval(timer) };
}

interface Seen {
  books: Map<string, OrderBook>;
  /** Book emissions that were not live (a consumer noticed the handover). */
  notLive: number;
  subStatus: SubscriptionStatus[];
  /** Trade ids per market, in arrival order (order across markets on different sockets is not defined). */
  tradeIds: Map<string, string[]>;
  statuses: ConnectionStatus[];
  errors: unknown[];
}

function watch(conn: ReturnType<typeof connect>): Seen {
  const seen: Seen = { books: new Map(), notLive: 0, subStatus: [], tradeIds: new Map(), statuses: [], errors: [] };
  const error = (e: unknown): void => { seen.errors.push(e); };
  conn.status$.subscribe((s) => seen.statuses.push(s));
  for (const m of MARKETS) {
    conn.orderbook(m).subscribe({
      next: (b) => {
        seen.books.set(m, b);
        if (b.status !== 'live') seen.notLive++;
      },
      error,
    });
  }
  conn.events('orderbook_delta', { market_tickers: MARKETS }).subscribe({ next: (e: ChannelEvent<unknown>) => { if (e.kind === 'status') seen.subStatus.push(e.status); }, error });
  conn.trades(MARKETS).subscribe({ next: (t) => tradeOf(seen.tradeIds, t.msg.market_ticker, t.msg.trade_id), error });
  return seen;
}

function tradeOf(into: Map<string, string[]>, market: string | undefined, id: string | undefined): void {
  if (id === undefined) throw new Error(`trade in ${market} without a trade_id`);
  if (market === undefined) throw new Error(`trade ${id} without a market`);
  const list = into.get(market);
  if (list === undefined) into.set(market, [id]);
  else list.push(id);
}

const count = (m: Map<string, string[]>): number => [...m.values()].reduce((n, l) => n + l.length, 0);

async function booksTrue(sim: Simulator, seen: Seen): Promise<void> {
  await eventually(() => {
    for (const m of MARKETS) {
      expect(seen.books.get(m)?.yes, m).toEqual(sim.book(m).yes);
      expect(seen.books.get(m)?.no, m).toEqual(sim.book(m).no);
    }
  }, 5000);
}

describe('make-before-break rotation', () => {
  const rig = loopback();

  it('20 rotations of a 3-socket pool under a live feed: books equal the truth after each, no stale, no gap, no missing or duplicate trade, the old sockets closed', async () => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 23, depth: 6 }));
    const pool = (rig.conn = connectPool({ url: sim.url, maxMarketsPerSocket: 4, commandBudget: { burst: 40, perSecond: 200 } }));
    const control = connect({ url: sim.url });
    try {
      const seen = watch(pool);
      const truthTrades = new Map<string, string[]>();
      control.trades(MARKETS).subscribe((t) => tradeOf(truthTrades, t.msg.market_ticker, t.msg.trade_id));
      await eventually(() => expect(seen.books.size).toBe(MARKETS.length));
      await eventually(() => expect(sim.connectionCount).toBe(4));
      const feed = firehose(sim);
      for (let i = 0; i < 20; i++) {
        await pool.rotate();
        feed.pause();
        await booksTrue(sim, seen);
        await eventually(() => expect(sim.connectionCount).toBe(4));
        feed.resume();
        await sleep(10);
      }
      feed.stop();
      sim.step(50);
      await booksTrue(sim, seen);
      await eventually(() => expect(count(seen.tradeIds)).toBe(count(truthTrades)));
      expect(count(truthTrades)).toBeGreaterThan(40);
      // Per market: the same trades in the same order (no gap, no duplicate through 60 handovers).
      expect(seen.tradeIds).toEqual(truthTrades);
      expect(seen.notLive).toBe(0);
      expect(seen.subStatus.map((s) => s.state)).toEqual(['live']);
      expect(pool.metricsNow()).toMatchObject({ gaps: 0, duplicates: 0, violations: 0 });
      const rotated = seen.statuses.filter((s) => s.state === 'rotated');
      expect(rotated).toHaveLength(60);
      expect(seen.statuses.filter((s) => s.state === 'reconnecting' || s.state === 'closed')).toEqual([]);
      expect(seen.errors).toEqual([]);
    } finally {
      control.close();
    }
  }, 60_000);

  it('connect().rotate(): one socket replaced under a live feed, rotated reported once, the old socket closed', async () => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 29 }));
    const conn = (rig.conn = connect({ url: sim.url }));
    const seen = watch(conn);
    await eventually(() => expect(seen.books.size).toBe(MARKETS.length));
    const feed = firehose(sim);
    await sleep(50);
    await conn.rotate();
    feed.stop();
    await booksTrue(sim, seen);
    await eventually(() => expect(sim.connectionCount).toBe(1));
    expect(seen.statuses.map((s) => s.state)).toEqual(['connecting', 'open', 'rotated']);
    expect(seen.statuses[2]).not.toHaveProperty('socket');
    expect(seen.notLive).toBe(0);
    expect(seen.subStatus.map((s) => s.state)).toEqual(['live']);
    expect(seen.errors).toEqual([]);
  });

  it('a replacement that never catches up: rotate() rejects after handoverTimeoutMs, consumers keep the old socket unharmed', async () => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 31 }));
    const pool = (rig.conn = connectPool({ url: sim.url, rotation: { handoverTimeoutMs: 300 }, commandTimeoutMs: 60_000 }));
    const seen = watch(pool);
    await eventually(() => expect(seen.books.size).toBe(MARKETS.length));
    sim.faults.onCommand({ cmd: 'subscribe' }, { kind: 'ignore' });
    await expect(pool.rotate()).rejects.toThrow(/did not catch up within 300 ms/);
    sim.faults.clearCommandFaults();
    await eventually(() => expect(sim.connectionCount).toBe(1));
    sim.step(100);
    await booksTrue(sim, seen);
    expect(seen.notLive).toBe(0);
    expect(seen.statuses.filter((s) => s.state === 'rotated')).toEqual([]);
    await pool.rotate();
    expect(seen.statuses.filter((s) => s.state === 'rotated')).toHaveLength(1);
    sim.step(100);
    await booksTrue(sim, seen);
    expect(seen.errors).toEqual([]);
  });

  it('rotation.maxAgeMs rotates sockets by themselves', async () => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 37 }));
    const pool = (rig.conn = connectPool({ url: sim.url, maxMarketsPerSocket: 5, rotation: { maxAgeMs: 200 } }));
    const seen = watch(pool);
    await eventually(() => expect(seen.statuses.filter((s) => s.state === 'rotated').length).toBeGreaterThanOrEqual(4), 5000);
    sim.step(100);
    await booksTrue(sim, seen);
    expect(seen.statuses.filter((s) => s.state === 'rotated').every((s) => s.state === 'rotated' && s.why === 'age')).toBe(true);
    expect(seen.notLive).toBe(0);
    expect(seen.errors).toEqual([]);
  });
});

describe('rotation of a degraded socket', () => {
  const rig = loopback();

  it('rotation.whenDegraded: a socket whose data stops while pings flow is replaced; books come back true from the new socket', async () => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 30, seed: 41 }));
    const pool = (rig.conn = connectPool({ url: sim.url, dataStaleAfterMs: 150, staleAfterMs: 5000, rotation: { whenDegraded: true } }));
    const seen = watch(pool);
    await eventually(() => expect(seen.books.size).toBe(MARKETS.length));
    const first = sim.subscriptions()[0]!.connection;
    sim.faults.stallData(true, first);
    sim.step(50);
    await eventually(() => expect(seen.statuses.filter((s) => s.state === 'rotated')).toHaveLength(1), 5000);
    expect(seen.statuses.find((s) => s.state === 'rotated')).toMatchObject({ why: 'degraded', socket: 0 });
    expect(seen.statuses.some((s) => s.state === 'reconnecting')).toBe(false);
    sim.step(50);
    await booksTrue(sim, seen);
    expect(sim.subscriptions().every((s) => s.connection !== first)).toBe(true);
    expect(seen.errors).toEqual([]);
  });
});

describe('closing during a rotation', () => {
  const rig = loopback();

  it('rotate() rejects with KalshiConnectionClosedError, the replacement socket closes too, subscribers complete', async () => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 43 }));
    const pool = connectPool({ url: sim.url, commandTimeoutMs: 60_000 });
    let completed = false;
    const books = new Map<string, OrderBook>();
    pool.orderbook('ROT-1').subscribe({ next: (b) => books.set('ROT-1', b), complete: () => { completed = true; } });
    await eventually(() => expect(books.size).toBe(1));
    sim.faults.onCommand({ cmd: 'subscribe' }, { kind: 'ignore' });
    const rotation = pool.rotate();
    await eventually(() => expect(sim.connectionCount).toBe(2));
    pool.close();
    await expect(rotation).rejects.toMatchObject({ name: 'KalshiConnectionClosedError' });
    await eventually(() => expect(sim.connectionCount).toBe(0));
    expect(completed).toBe(true);
  });
});

describe('a socket that lags during a rotation (its data 150 ms behind its replies)', () => {
  const rig = loopback();

  // connection 1 is the pool's socket, 2 the control, 3 the replacement.
  it.each([
    { lagging: 3, feedFirstMs: 30, settleMs: 300, what: 'the replacement: trades the old socket delivered before the handover are not delivered again when it sends them' },
    { lagging: 1, feedFirstMs: 200, settleMs: 400, what: 'the old socket: trades it still holds at the handover all reach the consumer, once each' },
  ])('$what', async ({ lagging, feedFirstMs, settleMs }) => {
    const sim = (rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 47 }));
    const pool = (rig.conn = connectPool({ url: sim.url }));
    const control = connect({ url: sim.url });
    try {
      const seen = watch(pool);
      const truth = new Map<string, string[]>();
      control.trades(MARKETS).subscribe((t) => tradeOf(truth, t.msg.market_ticker, t.msg.trade_id));
      await eventually(() => expect(seen.books.size).toBe(MARKETS.length));
      await eventually(() => expect(sim.connectionCount).toBe(2));
      sim.faults.delayData(lagging, 150);
      const feed = firehose(sim);
      await sleep(feedFirstMs);
      await pool.rotate();
      await sleep(60);
      feed.stop();
      sim.step(20);
      await sleep(settleMs);
      await eventually(() => expect(count(seen.tradeIds)).toBe(count(truth)));
      expect(count(truth)).toBeGreaterThan(5);
      expect(seen.tradeIds).toEqual(truth);
      await booksTrue(sim, seen);
      expect(seen.errors).toEqual([]);
    } finally {
      control.close();
    }
  });
});
