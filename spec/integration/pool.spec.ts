import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import { connectPool } from '../../lib/connection/connect-pool.js';
import type { ConnectionStatus, SubscriptionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import { eventually } from '../helpers/eventually.js';
import { loopback } from '../helpers/loopback.js';

const LIMIT = 50;
const BUDGET = { burst: 20, perSecond: 40 };

/** The most commands the simulator saw in any window of `ms`. */
function peakCommands(log: readonly { at: number }[], ms: number): number {
  let peak = 0;
  let from = 0;
  for (let to = 0; to < log.length; to++) {
    while (log[to]!.at - log[from]!.at >= ms) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

describe('connectPool() against an exchange with a low market limit', () => {
  const rig = loopback();

  it(`2,000 books with a limit of ${LIMIT} a subscription: every book equals the truth on ⌈2000/${LIMIT}⌉ sockets, no subscriber error, the budget holds; a dropped socket takes only its markets down`, async () => {
    const markets = Array.from({ length: 2000 }, (_, i) => `POOL-${i}`);
    const sim = (rig.sim = await startSimulator({ markets, tickIntervalMs: 0, pingIntervalMs: 0, maxMarketsPerSubscription: LIMIT, depth: 4, seed: 17 }));
    // The configured cap (1000) is far above the exchange's real limit: the pool must learn it.
    const pool = (rig.conn = connectPool({ url: sim.url, maxSockets: 64, maxMarketsPerSocket: 1000, commandBudget: BUDGET, reconnect: { initialDelayMs: 20, maxDelayMs: 50 } }));
    const books = new Map<string, OrderBook>();
    const errors: unknown[] = [];
    for (const m of markets) pool.orderbook(m).subscribe({ next: (b) => books.set(m, b), error: (e: unknown) => errors.push(e) });
    await eventually(() => expect(books.size).toBe(markets.length), 30_000);
    sim.step(400);
    await eventually(() => {
      for (const m of markets) expect(books.get(m)?.yes, m).toEqual(sim.book(m).yes);
      for (const m of markets) expect(books.get(m)?.no, m).toEqual(sim.book(m).no);
    }, 10_000);
    expect(errors).toEqual([]);

    const subs = sim.subscriptions().filter((s) => s.channel === 'orderbook_delta');
    expect(new Set(subs.map((s) => s.connection)).size).toBeLessThanOrEqual(Math.ceil(markets.length / LIMIT));
    expect(Math.max(...subs.map((s) => s.markets!.length))).toBeLessThanOrEqual(LIMIT);
    expect(subs.flatMap((s) => s.markets!).sort()).toEqual([...markets].sort());
    const metrics = pool.metricsNow();
    expect(metrics.sockets!.length).toBeLessThanOrEqual(Math.ceil(markets.length / LIMIT));
    expect(metrics.sockets!.every((s) => s.learnedLimits['orderbook_delta'] === undefined || s.learnedLimits['orderbook_delta'] === LIMIT)).toBe(true);
    // Learning the limit cost a few refused commands on the first socket, not one per market.
    expect(sim.commandLog.length).toBeLessThan(120);
    expect(peakCommands(sim.commandLog, 1000)).toBeLessThanOrEqual(BUDGET.burst + BUDGET.perSecond);

    // Drop one socket: its markets (and only they) go down and come back.
    const victim = subs[3]!;
    const mine = new Set(victim.markets!);
    const statusOf = new Map<string, SubscriptionStatus[]>();
    const watched = [victim.markets![0]!, ...markets.filter((m) => !mine.has(m)).slice(0, 3)];
    for (const m of watched) {
      statusOf.set(m, []);
      pool.events('orderbook_delta', { market_ticker: m }).subscribe((e: ChannelEvent<unknown>) => { if (e.kind === 'status') statusOf.get(m)!.push(e.status); });
    }
    await eventually(() => { for (const m of watched) expect(statusOf.get(m)!.map((s) => s.state)).toContain('live'); });
    const statuses: ConnectionStatus[] = [];
    pool.status$.subscribe((s) => statuses.push(s));
    const staleBooks = new Set<string>();
    for (const m of markets) pool.orderbook(m).subscribe((b) => { if (b.status === 'stale') staleBooks.add(m); });
    const before = sim.commandLog.length;
    sim.faults.drop(victim.connection);
    await eventually(() => {
      const down = statuses.find((s) => s.state === 'reconnecting');
      expect(down).toBeDefined();
      expect(statuses.filter((s) => s.state === 'open' && s.socket === down!.socket).length).toBeGreaterThan(1);
    });
    sim.step(200);
    await eventually(() => { for (const m of markets) expect(books.get(m)?.yes, m).toEqual(sim.book(m).yes); }, 10_000);
    expect([...staleBooks].sort()).toEqual([...mine].sort());
    expect(statusOf.get(watched[0]!)!.map((s) => s.state)).toEqual(['live', 'disconnected', 'reconnected', 'live']);
    for (const m of watched.slice(1)) expect(statusOf.get(m)!.map((s) => s.state)).toEqual(['live']);
    const reconnecting = statuses.filter((s) => s.state === 'reconnecting');
    expect(new Set(reconnecting.map((s) => s.socket)).size).toBe(1);
    // The restore is one subscribe on the new socket.
    const fresh = Math.max(...sim.commandLog.map((l) => l.connection));
    expect(sim.commandLog.slice(before).filter((l) => l.connection === fresh).map((l) => (l.command as { cmd: string }).cmd)).toEqual(['subscribe']);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('connectPool() placement over time', () => {
  const rig = loopback();

  it('opens a socket per cap of markets, one at a time; sockets left empty close after idleSocketMs (never the first); options that differ go to different sockets', async () => {
    const markets = ['PL-A', 'PL-B', 'PL-C'];
    const sim = (rig.sim = await startSimulator({ markets, tickIntervalMs: 0, pingIntervalMs: 0 }));
    const pool = (rig.conn = connectPool({ url: sim.url, maxMarketsPerSocket: 1, idleSocketMs: 100 }));
    const opened: number[] = [];
    pool.status$.subscribe((s) => { if (s.state === 'open' && s.socket !== undefined) opened.push(s.socket); });
    const subs = markets.map((m) => pool.ticker([m]).subscribe());
    await eventually(() => expect(sim.subscriptions()).toHaveLength(3));
    expect(opened).toEqual([0, 1, 2]);
    expect(new Set(sim.subscriptions().map((s) => s.connection)).size).toBe(3);
    // A second set of ticker options cannot share a socket's ticker subscription: it gets its own place.
    const other = pool.channel('ticker', { market_tickers: ['PL-A'], skip_ticker_ack: true }).subscribe();
    await eventually(() => expect(sim.subscriptions()).toHaveLength(4));
    other.unsubscribe();
    for (const s of subs.slice(1)) s.unsubscribe();
    await eventually(() => expect(sim.connectionCount).toBe(1), 3000);
    expect(pool.metricsNow().sockets!.map((s) => s.socket)).toEqual([0]);
    subs[0]!.unsubscribe();
    await eventually(() => expect(sim.subscriptions()).toEqual([]));
    expect(sim.connectionCount).toBe(1);
  });
});

describe('one set of options per channel and socket', () => {
  const rig = loopback();

  it('connect() fails a subscriber whose options differ from the channel\'s on its socket, naming the fix; a pool that may not open another socket too', async () => {
    const sim = (rig.sim = await startSimulator({ markets: ['OPT-A'], tickIntervalMs: 0, pingIntervalMs: 0 }));
    const { connect } = await import('../../lib/connection/kalshi-connection.js');
    const conn = (rig.conn = connect({ url: sim.url }));
    conn.channel('ticker', { market_tickers: ['OPT-A'] }).subscribe();
    const error = await new Promise<unknown>((resolve) => {
      conn.channel('ticker', { market_tickers: ['OPT-A'], skip_ticker_ack: true }).subscribe({ error: resolve });
    });
    expect(error).toMatchObject({ name: 'KalshiUsageError' });
    expect((error as Error).message).toMatch(/^ticker is already subscribed on this connection with other options; .*connectPool\(\) puts other options on another socket/);
    const pool = connectPool({ url: sim.url, maxSockets: 1 });
    try {
      pool.channel('ticker', { market_tickers: ['OPT-A'] }).subscribe();
      const poolError = await new Promise<unknown>((resolve) => {
        pool.channel('ticker', { market_tickers: ['OPT-A'], skip_ticker_ack: true }).subscribe({ error: resolve });
      });
      expect((poolError as Error).message).toMatch(/already subscribed on this connection with other options/);
    } finally {
      pool.close();
    }
  });

  it('a subscriber with other options just after the last one with the old options left: no error, the new options go out once the old subscription is released (connect() and a one-socket pool)', async () => {
    const sim = (rig.sim = await startSimulator({ markets: ['OPT-B'], tickIntervalMs: 0, pingIntervalMs: 0 }));
    const { connect } = await import('../../lib/connection/kalshi-connection.js');
    for (const conn of [connect({ url: sim.url }), connectPool({ url: sim.url, maxSockets: 1 })]) {
      try {
        const from = sim.commandLog.length;
        let resolveLive = (): void => undefined;
        const live = new Promise<void>((resolve) => { resolveLive = resolve; });
        const first = conn.events('ticker', { market_tickers: ['OPT-B'] }).subscribe((e) => { if (e.kind === 'status' && e.status.state === 'live') resolveLive(); });
        await live;
        first.unsubscribe();
        // Every old-options member has left in this same moment; the server still holds the sid.
        const errors: unknown[] = [];
        const seen: unknown[] = [];
        const second = conn.channel('ticker', { market_tickers: ['OPT-B'], skip_ticker_ack: true }).subscribe({ next: (m) => seen.push(m), error: (e: unknown) => errors.push(e) });
        const cmds = (): { cmd: string; params?: Record<string, unknown> }[] => sim.commandLog.slice(from).map((c) => c.command as { cmd: string; params?: Record<string, unknown> });
        await eventually(() => expect(cmds().filter((c) => c.params?.['skip_ticker_ack'] === true)).toHaveLength(1));
        const order = cmds().map((c) => `${c.cmd}${c.params?.['skip_ticker_ack'] === true ? '+skip' : ''}`);
        expect(order.slice(-2)).toEqual(['unsubscribe', 'subscribe+skip']);
        await eventually(() => {
          sim.step(3);
          expect(seen.length).toBeGreaterThan(0);
        });
        expect(errors).toEqual([]);
        second.unsubscribe();
        await eventually(() => expect(sim.subscriptions().filter((x) => x.channel === 'ticker')).toEqual([]));
      } finally {
        conn.close();
      }
    }
  });
});

describe('a placement policy of your own', () => {
  const rig = loopback();

  it('assign: a market sent to a new socket, another to a chosen one, the rest by the default; the policy sees each socket\'s load', async () => {
    const sim = (rig.sim = await startSimulator({ markets: ['AS-A', 'AS-B', 'AS-C', 'AS-D'], tickIntervalMs: 0, pingIntervalMs: 0 }));
    const views: number[] = [];
    const pool = (rig.conn = connectPool({
      url: sim.url,
      assign: (_channel, market, sockets) => {
        views.push(sockets.length);
        if (market === 'AS-B') return 'new';
        if (market === 'AS-D') return 1;
        return undefined;
      },
    }));
    for (const m of ['AS-A', 'AS-B', 'AS-C']) pool.trades([m]).subscribe();
    await eventually(() => expect(sim.subscriptions()).toHaveLength(2));
    pool.trades(['AS-D']).subscribe();
    await eventually(() => expect(sim.subscriptions().flatMap((s) => s.markets ?? []).sort()).toEqual(['AS-A', 'AS-B', 'AS-C', 'AS-D']));
    const byConnection = new Map(sim.subscriptions().map((s) => [s.connection, [...(s.markets ?? [])].sort()]));
    expect([...byConnection.values()].sort()).toEqual([['AS-A', 'AS-C'], ['AS-B', 'AS-D']]);
    expect(pool.metricsNow().sockets!.map((s) => s.markets['trade'])).toEqual([2, 2]);
    expect(views).toEqual([1, 1, 2, 2]);
  });
});
