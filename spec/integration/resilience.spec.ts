import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { connectPool } from '../../lib/connection/connect-pool.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { ConnectOptions } from '../../lib/connection/connect-options.js';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import type { ConnectionStatus, SubscriptionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator, SimulatorOptions } from '../../lib/simulator/simulator-api.js';
import { eventually, sleep } from '../helpers/eventually.js';

const MARKETS = ['RES-A', 'RES-B', 'RES-C'];

/**
 * The suite runs against `connect()` and against a pool that spreads the three books over two
 * sockets (two markets a socket): code written for one must behave the same on the other.
 */
const CONNECTORS: readonly { name: string; open: (o: ConnectOptions) => KalshiConnection; sockets: number }[] = [
  { name: 'connect()', open: (o) => connect(o), sockets: 1 },
  { name: 'connectPool() over two sockets', open: (o) => connectPool({ ...o, maxMarketsPerSocket: 2 }), sockets: 2 },
];
let connector = CONNECTORS[0]!;

/** Statuses of the first socket (all of them on `connect()`). */
const firstSocket = (statuses: readonly ConnectionStatus[]): ConnectionStatus[] => statuses.filter((s) => (s.socket ?? 0) === 0);
let sim: Simulator | undefined;
let conn: KalshiConnection | undefined;

afterEach(async () => {
  conn?.close();
  conn = undefined;
  await sim?.close();
  sim = undefined;
});

interface Rig {
  sim: Simulator;
  conn: KalshiConnection;
  books: Map<string, OrderBook>;
  history: Map<string, OrderBook[]>;
  statuses: ConnectionStatus[];
  subStatus: SubscriptionStatus[];
  /** Errors of the rig's own subscriptions: `truth()` fails on any. */
  errors: unknown[];
}

async function rig(simOptions: SimulatorOptions = {}, options: ConnectOptions = {}): Promise<Rig> {
  sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 5, ...simOptions });
  conn = connector.open({ url: sim.url, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, resyncTimeoutMs: 1000, ...options });
  const books = new Map<string, OrderBook>();
  const history = new Map<string, OrderBook[]>();
  const statuses: ConnectionStatus[] = [];
  const subStatus: SubscriptionStatus[] = [];
  const errors: unknown[] = [];
  conn.status$.subscribe((s) => statuses.push(s));
  for (const m of MARKETS) {
    history.set(m, []);
    conn.orderbook(m).subscribe({
      next: (b) => {
        books.set(m, b);
        history.get(m)!.push(b);
      },
      error: (e: unknown) => errors.push(e),
    });
  }
  conn.events('orderbook_delta', { market_tickers: MARKETS }).subscribe({
    next: (e: ChannelEvent<unknown>) => { if (e.kind === 'status') subStatus.push(e.status); },
    error: (e: unknown) => errors.push(e),
  });
  const r = { sim, conn, books, history, statuses, subStatus, errors };
  await eventually(() => expect(books.size).toBe(MARKETS.length));
  return r;
}

/** The client's books equal the simulator's, and the server holds exactly one book subscription with every market. */
async function truth(r: Rig, timeoutMs = 4000): Promise<void> {
  try {
    await check(r, timeoutMs);
    expect(r.errors, 'a rig subscription errored').toEqual([]);
  } catch (e) {
    const books = MARKETS.map((m) => `${m}:${r.books.get(m)?.status}/${r.books.get(m)?.base}`).join(' ');
    throw new Error(`${(e as Error).message}\nbooks ${books}\nstatuses ${JSON.stringify(r.statuses.slice(-6))}\nsub ${JSON.stringify(r.subStatus.slice(-6))}\nsim ${JSON.stringify(r.sim.subscriptions())} conns ${r.sim.connectionCount}\nmetrics ${JSON.stringify(r.conn.metricsNow())}`);
  }
}

async function check(r: Rig, timeoutMs: number): Promise<void> {
  await eventually(() => {
    for (const m of MARKETS) {
      const b = r.books.get(m);
      expect(b?.status, m).toBe('live');
      expect(b?.yes, m).toEqual(r.sim.book(m).yes);
      expect(b?.no, m).toEqual(r.sim.book(m).no);
    }
    // Each market is held by exactly one book subscription, one per socket.
    const subs = r.sim.subscriptions().filter((s) => s.channel === 'orderbook_delta');
    expect(subs).toHaveLength(connector.sockets);
    expect(subs.flatMap((s) => s.markets ?? []).sort()).toEqual(MARKETS);
    expect(r.sim.connectionCount).toBe(connector.sockets);
  }, timeoutMs);
}

describe.each(CONNECTORS)('resilience against the simulator faults: $name', (c) => {
  beforeEach(() => {
    connector = c;
  });

  it('abrupt drop: reconnects, restores every subscription under a new sid, books equal the truth', async () => {
    const r = await rig();
    r.sim.step(300);
    r.sim.faults.drop();
    r.sim.step(300);
    await eventually(() => expect(firstSocket(r.statuses).filter((s) => s.state === 'open')).toHaveLength(2));
    await truth(r);
    expect(firstSocket(r.statuses).map((s) => s.state)).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
    expect(firstSocket(r.statuses)[2]).toMatchObject({ state: 'reconnecting', reason: 'dropped' });
    expect(r.subStatus.map((s) => s.state)).toEqual(expect.arrayContaining(['disconnected', 'reconnected']));
    const reconnected = r.subStatus.find((s) => s.state === 'reconnected');
    expect(reconnected).toMatchObject({ state: 'reconnected', sid: 1 });
    expect(r.history.get('RES-A')!.some((b) => b.status === 'stale')).toBe(true);
    expect(r.books.get('RES-A')!.base).toBe('reconnect');
    expect(r.conn.metricsNow().reconnects).toBe(connector.sockets);
    // Nothing stale was replayed: the new sockets saw only fresh subscribes.
    const second = r.sim.commandLog.filter((l) => l.connection > connector.sockets).map((l) => (l.command as { cmd: string }).cmd);
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((cmd) => cmd === 'subscribe')).toBe(true);
  });

  it('clean server close: reconnects too (WebSocketSubject completes, retry alone would not)', async () => {
    const r = await rig();
    r.sim.faults.closeClean(1001);
    await eventually(() => expect(firstSocket(r.statuses).filter((s) => s.state === 'open')).toHaveLength(2));
    r.sim.step(200);
    await truth(r);
    expect(r.statuses.find((s) => s.state === 'reconnecting')).toMatchObject({ reason: 'server-closed' });
  });

  it('lost seq: gap → narrow get_snapshot resync → books equal the truth', async () => {
    const r = await rig();
    r.sim.faults.loseNext(1);
    r.sim.step(300);
    await truth(r);
    expect(r.conn.metricsNow()).toMatchObject({ gaps: 1, resyncs: 1, reconnects: 0 });
    expect(r.subStatus.map((s) => s.state)).toEqual(expect.arrayContaining(['gap', 'resyncing']));
    const snapshots = r.sim.commandLog.filter((l) => (l.command as { params?: { action?: string } }).params?.action === 'get_snapshot');
    expect(snapshots).toHaveLength(1);
    expect(MARKETS.some((m) => r.history.get(m)!.some((b) => b.status === 'stale'))).toBe(true);
  });

  it('duplicate frame: dropped and counted', async () => {
    const r = await rig();
    r.sim.faults.duplicateNext(1);
    r.sim.step(200);
    await truth(r);
    expect(r.conn.metricsNow()).toMatchObject({ duplicates: 1, gaps: 0, resyncs: 0 });
  });

  it('garbage frame and unknown type: counted and reported, nothing else disturbed', async () => {
    const r = await rig();
    const diagnostics: string[] = [];
    r.conn.diagnostics$.subscribe((d) => diagnostics.push(d.kind));
    r.sim.faults.sendMalformed();
    r.sim.faults.sendUnknownType();
    r.sim.step(200);
    await truth(r);
    // The garbage frame reaches every socket; the unknown type goes to one live sid.
    expect(diagnostics.sort()).toEqual([...Array<string>(connector.sockets).fill('decode-error'), 'unknown-message']);
    expect(r.conn.metricsNow()).toMatchObject({ decodeFailures: connector.sockets, gaps: 0, reconnects: 0 });
  });

  it('stall with pings: reported stale per subscription, the socket is kept; data resumes and the hole is resynced', async () => {
    const r = await rig({ pingIntervalMs: 40 }, { staleAfterMs: 400, dataStaleAfterMs: 200 });
    r.sim.faults.stallData(true);
    r.sim.step(100);
    await eventually(() => expect(r.subStatus.some((s) => s.state === 'stale')).toBe(true));
    await sleep(450);
    expect(r.statuses.some((s) => s.state === 'reconnecting')).toBe(false);
    r.sim.faults.stallData(false);
    r.sim.step(100);
    await truth(r);
    expect(r.conn.metricsNow().gaps).toBe(connector.sockets);
  });

  it('stall without pings: the watchdog terminates the socket and reconnects', async () => {
    // The reconnect may land while the server still swallows replies (stallAll): a subscribe
    // without reply then replaces the socket after commandTimeoutMs, so keep it short here.
    const r = await rig({ pingIntervalMs: 40 }, { staleAfterMs: 300, commandTimeoutMs: 500 });
    r.sim.faults.stallAll(true);
    await eventually(() => expect(r.statuses.some((s) => s.state === 'reconnecting' && s.reason === 'stale')).toBe(true), 2000);
    r.sim.faults.stallAll(false);
    r.sim.step(100);
    await truth(r);
  });

  it.each([10, 25] as const)('terminal error %i: that subscription alone is resubscribed', async (code) => {
    const r = await rig();
    const tickerStatus: string[] = [];
    r.conn.events('ticker').subscribe((e) => { if (e.kind === 'status') tickerStatus.push(e.status.state); });
    await eventually(() => expect([...new Set(r.sim.subscriptions().map((s) => s.channel))].sort()).toEqual(['orderbook_delta', 'ticker']));
    const tickerSid = r.sim.subscriptions().find((s) => s.channel === 'ticker')!.sid;
    r.sim.faults.killSubscription('orderbook_delta', code);
    r.sim.step(200);
    await truth(r);
    expect(r.subStatus).toContainEqual(expect.objectContaining({ state: 'resubscribed', code }));
    expect(r.books.get('RES-B')!.base).toBe('resubscribe');
    expect(r.sim.subscriptions().find((s) => s.channel === 'ticker')!.sid).toBe(tickerSid);
    expect(tickerStatus).toEqual(['live']);
  });

  it('503 on the handshake is retried; 429 backs off much longer', async () => {
    const r = await rig({}, { reconnect: { initialDelayMs: 10, maxDelayMs: 20, rateLimitedDelayMs: 300 } });
    const opens = (): number => firstSocket(r.statuses).filter((s) => s.state === 'open').length;
    r.sim.faults.refuseHandshakes(1, 503);
    r.sim.faults.drop();
    await eventually(() => expect(opens()).toBe(2));
    await truth(r);
    r.sim.faults.refuseHandshakes(1, 429);
    const before = r.statuses.length;
    r.sim.faults.drop();
    await eventually(() => expect(opens()).toBe(3));
    await truth(r);
    const limited = r.statuses.slice(before).find((s) => s.state === 'reconnecting' && s.reason === 'rate-limited');
    expect(limited).toBeDefined();
    expect((limited as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(300);
    const retried = r.statuses.find((s) => s.state === 'reconnecting' && s.detail.includes('HTTP 503'));
    expect(retried).toBeDefined();
  });

  it('an attempt budget ends the connection with a typed error', async () => {
    const r = await rig({}, { reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } });
    r.sim.faults.refuseHandshakes(10, 503);
    let error: unknown;
    r.conn.trades().subscribe({ error: (e) => { error = e; } });
    r.sim.faults.drop();
    await eventually(() => expect(r.statuses.at(-1)).toMatchObject({ state: 'closed', reason: 'budget-exhausted' }));
    expect(error).toMatchObject({ name: 'KalshiConnectionClosedError' });
    expect((error as Error).message).toMatch(/gave up after 3/);
    // Every stream of the rig (three books, one events()) ends with the same typed error.
    expect(r.errors.map((e) => (e as Error).name)).toEqual(Array(4).fill('KalshiConnectionClosedError'));
  });
});

describe.each(CONNECTORS)('bounded soak: $name', (c) => {
  beforeEach(() => {
    connector = c;
  });

  it('survives a few hundred random faults and ends with books equal to the truth', async () => {
    const r = await rig({ pingIntervalMs: 50 }, { staleAfterMs: 400, reconnect: { initialDelayMs: 5, maxDelayMs: 50 } });
    const faults = [
      () => r.sim.faults.drop(),
      () => r.sim.faults.closeClean(),
      () => r.sim.faults.loseNext(1 + Math.floor(Math.random() * 3)),
      () => r.sim.faults.duplicateNext(1),
      () => r.sim.faults.sendMalformed(),
      () => r.sim.faults.sendUnknownType(),
      () => r.sim.faults.killSubscription('orderbook_delta', Math.random() < 0.5 ? 10 : 25),
    ];
    const deadline = Date.now() + Number(process.env['SOAK_MS'] ?? 8000);
    let injected = 0;
    while (Date.now() < deadline && injected < 400) {
      // Light faults often, connection-level faults rarely.
      const pick = Math.random() < 0.15 ? Math.floor(Math.random() * 2) : 2 + Math.floor(Math.random() * (faults.length - 2));
      faults[pick]!();
      injected++;
      r.sim.step(10);
      await sleep(15);
    }
    r.sim.step(50);
    await truth(r, 8000);
    expect(injected).toBeGreaterThan(200);
    const m = r.conn.metricsNow();
    expect(m.violations).toBe(0);
    expect(m.gaps).toBeGreaterThan(0);
  }, 30_000);
});

describe('command rate limit (error 27)', () => {
  it('backs off and retries instead of failing subscribers; the server ends with exactly the wanted markets', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, maxCommandsPerSecond: 2 });
    conn = connect({ url: sim.url });
    const { BehaviorSubject } = await import('rxjs');
    const markets$ = new BehaviorSubject<readonly string[]>(['RES-A']);
    let error: unknown;
    const sub = conn.ticker(markets$).subscribe({ error: (e) => { error = e; } });
    await eventually(() => expect(sim!.subscriptions()).toHaveLength(1));
    const sets = [['RES-A', 'RES-B'], ['RES-B'], ['RES-B', 'RES-C'], ['RES-A', 'RES-C'], ['RES-C'], ['RES-A', 'RES-B', 'RES-C']];
    for (const set of sets) {
      markets$.next(set);
      await sleep(30);
    }
    await eventually(() => expect(sim!.subscriptions()[0]?.markets).toEqual(MARKETS), 10_000);
    expect(error).toBeUndefined();
    expect(conn.metricsNow().rateLimited).toBeGreaterThan(0);
    sub.unsubscribe();
    await eventually(() => expect(sim!.subscriptions()).toEqual([]), 10_000);
  }, 20_000);
});

describe.each(CONNECTORS)('a subscription command without reply: $name', (c) => {
  beforeEach(() => {
    connector = c;
  });

  it('replaces the socket after commandTimeoutMs and restores everything (no subscriber is failed)', async () => {
    const r = await rig({}, { commandTimeoutMs: 300 });
    r.sim.faults.delayReplies(2000);
    let error: unknown;
    r.conn.trades().subscribe({ error: (e) => { error = e; } });
    await eventually(() => expect(r.statuses.some((s) => s.state === 'reconnecting' && s.reason === 'command-timeout')).toBe(true), 3000);
    r.sim.faults.delayReplies(0);
    r.sim.step(50);
    await truth(r);
    await eventually(() => expect([...new Set(r.sim.subscriptions().map((s) => s.channel))].sort()).toEqual(['orderbook_delta', 'trade']));
    expect(error).toBeUndefined();
  });
});
