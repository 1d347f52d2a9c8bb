/**
 * A bounded randomized soak of the subscription core against the simulator: joins, leaves,
 * gaps, duplicates, drops, terminal errors, a refusing market, rate limits (27) and late or
 * lost replies on several markets at once. The seed is fixed (SOAK_SEED overrides it) and
 * printed on failure. Ends with: every surviving book live and equal to the truth, the
 * server's list exactly what the surviving members want, the commands within budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { KalshiConnection } from '../../lib/connection/kalshi-connection-api.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { eventually, sleep } from '../helpers/eventually.js';
import { prng as seeded } from '../../lib/simulator/prng.js';

const MARKETS = ['SOAK-A', 'SOAK-B', 'SOAK-C', 'SOAK-D', 'SOAK-E'];
const REFUSING = 'SOAK-E';
let sim: Simulator | undefined;
let conn: KalshiConnection | undefined;

afterEach(async () => {
  conn?.close();
  conn = undefined;
  await sim?.close();
  sim = undefined;
});

function prng(seed: number): () => number {
  const r = seeded(seed);
  return () => r.next();
}

interface Watcher {
  readonly market: string;
  readonly yes: boolean;
  book: OrderBook | undefined;
  error: unknown;
  stop: () => void;
}

describe('subscription core soak', () => {
  it('survives random overlapping faults, joins and leaves; ends converged and within budget', async () => {
    const seed = Number(process.env['SOAK_SEED'] ?? 14);
    const random = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed, maxCommandsPerSecond: 8 });
    const s = sim;
    const started = Date.now();
    conn = connect({ url: s.url, reconnect: { initialDelayMs: 20, maxDelayMs: 200, healthyAfterMs: 300 }, resyncTimeoutMs: 400, commandTimeoutMs: 600 });
    const c = conn;
    const watchers = new Set<Watcher>();
    const watch = (market: string, yes: boolean): void => {
      const w: Watcher = { market, yes, book: undefined, error: undefined, stop: () => undefined };
      const sub = c.orderbook(market, { useYesPrice: yes }).subscribe({ next: (b) => { w.book = b; }, error: (e) => { w.error = e; } });
      w.stop = () => sub.unsubscribe();
      watchers.add(w);
    };
    for (const m of MARKETS.slice(0, 4)) watch(m, false);
    const actions: (() => void)[] = [
      () => watch(pick(MARKETS), random() < 0.5),
      () => { const w = pick([...watchers]); if (w !== undefined) { w.stop(); watchers.delete(w); } },
      () => s.faults.loseNext(1 + Math.floor(random() * 3)),
      () => s.faults.duplicateNext(1),
      () => s.faults.onCommand({ action: pick(['add_markets', 'delete_markets', 'get_snapshot']) }, { kind: 'delay', ms: Math.floor(random() * 300) }, 1),
      () => s.faults.onCommand({ action: 'get_snapshot' }, { kind: 'error', code: 27 }, 1),
      // The market is gone from the sid and the server says so: a realistic failed release.
      () => s.faults.onCommand({ action: 'delete_markets' }, { kind: 'error', code: pick([7, 11]), apply: true }, 1),
      () => s.faults.refuseMarket(REFUSING, random() < 0.5),
      () => s.faults.refuseMarket(REFUSING, 'stop'),
      () => { if (random() < 0.3) s.faults.drop(); },
      () => { if (random() < 0.3) s.faults.killSubscription('orderbook_delta', pick([10, 25] as const)); },
    ];
    const trail: string[] = [];
    try {
      for (let i = 0; i < 160; i++) {
        const n = Math.floor(random() * actions.length);
        trail.push(String(n));
        actions[n]!();
        s.step(5);
        await sleep(12);
      }
      s.faults.clearCommandFaults();
      s.faults.refuseMarket(REFUSING, 'stop');
      s.step(20);
      await eventually(() => {
        const alive = [...watchers].filter((w) => w.error === undefined);
        for (const w of alive) {
          expect(w.book?.status, w.market).toBe('live');
          const truth = s.book(w.market, w.yes);
          expect(w.book?.yes, w.market).toEqual(truth.yes);
          expect(w.book?.no, w.market).toEqual(truth.no);
        }
        const wanted = [...new Set(alive.map((w) => w.market))].sort();
        const subs = s.subscriptions().filter((x) => x.channel === 'orderbook_delta');
        expect(subs.flatMap((x) => x.markets ?? [])).toEqual(wanted);
        expect(s.connectionCount).toBe(1);
      }, 8000);
      for (const w of watchers) if (w.error !== undefined) expect(w.error, w.market).toMatchObject({ name: 'KalshiCommandError', marketTicker: REFUSING });
      const seconds = (Date.now() - started) / 1000;
      expect(s.commandLog.length).toBeLessThanOrEqual(20 + 10 * seconds);
    } catch (e) {
      throw new Error(`soak failed with SOAK_SEED=${seed} after actions ${trail.join(',')}: ${(e as Error).message}\nsim ${JSON.stringify(s.subscriptions())}\nmetrics ${JSON.stringify(c.metricsNow())}`);
    }
  }, 30_000);
});
