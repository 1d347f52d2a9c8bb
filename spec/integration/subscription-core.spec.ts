/**
 * The cases of issue 14 over loopback against the simulator: overlapping recoveries, refused
 * markets, batch isolation, release faults, reconnect storms and rate-limited snapshots. Every
 * case ends with live books equal to the simulator's truth (or errored members for a refused
 * market), the server's subscription list exactly what the members want, and the commands
 * within budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { ConnectOptions } from '../../lib/connection/connect-options.js';
import type { ConnectionStatus } from '../../lib/connection/connection-status.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { signPss } from '../../lib/auth/create-signer.js';
import { eventually, sleep } from '../helpers/eventually.js';
import { testKeys } from '../helpers/keys.js';

const MARKETS = ['CORE-A', 'CORE-B', 'CORE-C'];
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
  errors: Map<string, unknown>;
  statuses: ConnectionStatus[];
  watch(market: string): void;
  unwatch(market: string): void;
}

async function rig(options: ConnectOptions = {}, watch: readonly string[] = MARKETS): Promise<Rig> {
  sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 9 });
  conn = connect({ url: sim.url, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, resyncTimeoutMs: 1000, ...options });
  const books = new Map<string, OrderBook>();
  const errors = new Map<string, unknown>();
  const statuses: ConnectionStatus[] = [];
  const teardowns = new Map<string, () => void>();
  conn.status$.subscribe((s) => statuses.push(s));
  const c = conn;
  const r: Rig = {
    sim, conn, books, errors, statuses,
    watch: (m) => {
      errors.delete(m);
      const s = c.orderbook(m).subscribe({ next: (b) => books.set(m, b), error: (e) => { errors.set(m, e); books.delete(m); } });
      teardowns.set(m, () => s.unsubscribe());
    },
    unwatch: (m) => {
      teardowns.get(m)?.();
      teardowns.delete(m);
      books.delete(m);
    },
  };
  for (const m of watch) r.watch(m);
  return r;
}

const commandsNaming = (s: Simulator, market: string, since = 0): number =>
  s.commandLog.slice(since).filter((l) => JSON.stringify((l.command as { params?: unknown }).params ?? {}).includes(`"${market}"`)).length;

const actions = (s: Simulator, since = 0): string[] =>
  s.commandLog.slice(since).map((l) => {
    const c = l.command as { cmd: string; params?: { action?: string } };
    return c.params?.action ?? c.cmd;
  });

/** Books of `live` are live and equal the truth; the server holds exactly `live` on one orderbook sid. */
async function converged(r: Rig, live: readonly string[], timeoutMs = 3000): Promise<void> {
  try {
    await eventually(() => {
      for (const m of live) {
        const b = r.books.get(m);
        expect(b?.status, m).toBe('live');
        expect(b?.yes, m).toEqual(r.sim.book(m).yes);
        expect(b?.no, m).toEqual(r.sim.book(m).no);
      }
      const subs = r.sim.subscriptions().filter((s) => s.channel === 'orderbook_delta');
      if (live.length === 0) expect(subs).toEqual([]);
      else {
        expect(subs).toHaveLength(1);
        expect(subs[0]!.markets).toEqual([...live].sort());
      }
    }, timeoutMs);
  } catch (e) {
    const books = [...r.books].map(([m, b]) => `${m}:${b.status}/${b.base}`).join(' ');
    throw new Error(`${(e as Error).message}\nbooks ${books}\nsim ${JSON.stringify(r.sim.subscriptions())}\nlog ${JSON.stringify(actions(r.sim).slice(-12))}\nmetrics ${JSON.stringify(r.conn.metricsNow())}`);
  }
}

describe('subscription core over loopback: overlapping recoveries', () => {
  it('a gap and a new viewer while a get_snapshot is held: every book is live and equal to the truth once snapshots flow', async () => {
    const r = await rig();
    await converged(r, MARKETS);
    r.sim.faults.holdSnapshots(true);
    r.sim.faults.loseNext(1);
    r.sim.step(50);
    await eventually(() => expect(actions(r.sim)).toContain('get_snapshot'));
    // A second viewer (other price scale) of a market joins while the resync is held.
    let yesBook: OrderBook | undefined;
    r.conn.orderbook('CORE-B', { useYesPrice: true }).subscribe((b) => { yesBook = b; });
    r.sim.faults.loseNext(1);
    r.sim.step(50);
    await sleep(100);
    r.sim.faults.holdSnapshots(false);
    r.sim.step(20);
    await converged(r, MARKETS);
    await eventually(() => {
      expect(yesBook?.status).toBe('live');
      expect(yesBook?.yes).toEqual(r.sim.book('CORE-B', true).yes);
      expect(yesBook?.no).toEqual(r.sim.book('CORE-B', true).no);
    });
    expect(actions(r.sim).filter((a) => a === 'subscribe')).toHaveLength(1);
  });

  it('get_snapshot answered with error 27 is retried after a back-off, without tearing down the sid', async () => {
    const r = await rig();
    await converged(r, MARKETS);
    r.sim.faults.onCommand({ action: 'get_snapshot' }, { kind: 'error', code: 27 }, 1);
    r.sim.faults.loseNext(1);
    r.sim.step(50);
    await converged(r, MARKETS, 4000);
    expect(actions(r.sim)).toEqual(['subscribe', 'get_snapshot', 'get_snapshot']);
    expect(r.conn.metricsNow().rateLimited).toBe(1);
  });
});

describe('subscription core over loopback: refusals are final per market', () => {
  it.each([true, false])('a market refused on restore (error 11, named: %s) fails only its members; the others are live within 2 s; ≤ 3 commands name it', async (named) => {
    const r = await rig();
    await converged(r, MARKETS);
    const since = r.sim.commandLog.length;
    r.sim.faults.refuseMarket('CORE-B', named);
    r.sim.faults.drop();
    r.sim.step(20);
    const t0 = Date.now();
    await converged(r, ['CORE-A', 'CORE-C'], 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    await eventually(() => expect(r.errors.get('CORE-B')).toMatchObject({ name: 'KalshiCommandError', code: 11 }));
    await sleep(300);
    expect(commandsNaming(r.sim, 'CORE-B', since)).toBeLessThanOrEqual(3);
    expect(r.sim.commandLog.length - since).toBeLessThanOrEqual(6);
  });

  it('a market refused after a terminal error 10: the good markets are restored on a new sid, the refused one errors its members', async () => {
    const r = await rig();
    await converged(r, MARKETS);
    const since = r.sim.commandLog.length;
    r.sim.faults.refuseMarket('CORE-C', true);
    r.sim.faults.killSubscription('orderbook_delta', 10);
    r.sim.step(20);
    await converged(r, ['CORE-A', 'CORE-B'], 2000);
    await eventually(() => expect(r.errors.get('CORE-C')).toMatchObject({ code: 11 }));
    await sleep(300);
    expect(commandsNaming(r.sim, 'CORE-C', since)).toBeLessThanOrEqual(3);
  });

  it.each([true, false])('batch isolation: a valid and an invalid market in one tick (named: %s): only the invalid one errors', async (named) => {
    const r = await rig({}, []);
    r.sim.faults.refuseMarket('CORE-B', named);
    r.watch('CORE-A');
    r.watch('CORE-B');
    r.sim.step(10);
    await converged(r, ['CORE-A']);
    await eventually(() => expect(r.errors.get('CORE-B')).toMatchObject({ code: 11 }));
    expect(r.errors.has('CORE-A')).toBe(false);
    expect(commandsNaming(r.sim, 'CORE-B')).toBeLessThanOrEqual(3);
  });
});

describe('subscription core over loopback: release faults', () => {
  it.each([7, 11])('delete_markets answered with error %i counts as released: one command, no storm', async (code) => {
    const r = await rig();
    await converged(r, MARKETS);
    const since = r.sim.commandLog.length;
    // The market is gone from the sid and the server answers the release with an error.
    r.sim.faults.onCommand({ action: 'delete_markets' }, { kind: 'error', code, apply: true });
    r.unwatch('CORE-B');
    await sleep(500);
    expect(actions(r.sim, since)).toEqual(['delete_markets']);
    r.sim.step(20);
    await converged(r, ['CORE-A', 'CORE-C']);
  });

  it('unsubscribe answered with error 7 counts as released; subscribing again works', async () => {
    const r = await rig();
    await converged(r, MARKETS);
    const since = r.sim.commandLog.length;
    r.sim.faults.onCommand({ cmd: 'unsubscribe' }, { kind: 'error', code: 7 }, 1);
    for (const m of MARKETS) r.unwatch(m);
    await sleep(300);
    expect(actions(r.sim, since)).toEqual(['unsubscribe']);
    r.sim.faults.clearCommandFaults();
    r.watch('CORE-A');
    r.sim.step(10);
    await eventually(() => expect(r.books.get('CORE-A')?.yes).toEqual(r.sim.book('CORE-A').yes));
  });

  it('delete_markets never answered: times out once, the socket is replaced, the server ends with exactly the wanted markets', async () => {
    const r = await rig({ commandTimeoutMs: 300 });
    await converged(r, MARKETS);
    r.sim.faults.onCommand({ action: 'delete_markets' }, { kind: 'ignore' });
    r.unwatch('CORE-B');
    await sleep(600);
    r.sim.step(20);
    await converged(r, ['CORE-A', 'CORE-C']);
    expect(actions(r.sim).filter((a) => a === 'delete_markets')).toHaveLength(1);
  });

  it('delete_markets answered late while the market is wanted again: the server and the client agree', async () => {
    const r = await rig();
    await converged(r, MARKETS);
    r.sim.faults.onCommand({ action: 'delete_markets' }, { kind: 'delay', ms: 300 }, 1);
    r.unwatch('CORE-B');
    await sleep(50);
    r.watch('CORE-B');
    await sleep(400);
    r.sim.step(20);
    await converged(r, MARKETS);
  });
});

describe('subscription core over loopback: reconnect storm', () => {
  it('every socket killed 50 ms after it opens, for 4 s: backoff keeps growing (≤ 12 handshakes), books are restored after', async () => {
    const r = await rig({ reconnect: { initialDelayMs: 100, maxDelayMs: 1500 } });
    await converged(r, MARKETS);
    const before = r.statuses.filter((s) => s.state === 'connecting').length;
    r.sim.faults.killAfterOpen(50);
    r.sim.faults.drop();
    await sleep(4000);
    const handshakes = r.statuses.filter((s) => s.state === 'connecting').length - before;
    r.sim.faults.killAfterOpen(0);
    expect(handshakes).toBeLessThanOrEqual(12);
    r.sim.step(20);
    await converged(r, MARKETS, 4000);
  }, 15_000);
});

describe('subscription core over loopback: a signer that hangs', () => {
  it('shows as reconnecting (signing-failed) within its timeout, is retried, and the book goes live', async () => {
    const keys = testKeys();
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, keys: [{ keyId: 'k1', publicKeyPem: keys.publicKeyPem }] });
    let calls = 0;
    const sign = (message: string): Promise<string> => (++calls === 1 ? new Promise<string>(() => undefined) : Promise.resolve(signPss(keys.privateKeyPem, message)));
    const t0 = Date.now();
    conn = connect({ url: sim.url, auth: { keyId: 'k1', sign }, signerTimeoutMs: 300, reconnect: { initialDelayMs: 20, maxDelayMs: 50 } });
    const statuses: { at: number; s: ConnectionStatus }[] = [];
    conn.status$.subscribe((s) => statuses.push({ at: Date.now() - t0, s }));
    let book: OrderBook | undefined;
    conn.orderbook('CORE-A').subscribe((b) => { book = b; });
    await eventually(() => expect(book?.status).toBe('live'));
    expect(book?.yes).toEqual(sim.book('CORE-A').yes);
    const failed = statuses.find((x) => x.s.state === 'reconnecting');
    expect(failed?.s).toMatchObject({ state: 'reconnecting', reason: 'signing-failed' });
    expect(failed!.at).toBeGreaterThanOrEqual(290);
    expect(failed!.at).toBeLessThan(1500);
    expect(calls).toBe(2);
  });
});
