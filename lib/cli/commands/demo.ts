/**
 * `kalshi-rx demo`: the embedded simulator, a live book, and a fault every few seconds; after
 * each recovery the book is checked against the simulator's truth, and the demo ends with a
 * one-line summary.
 *
 * @module
 */
import { connect } from '../../connection/kalshi-connection.js';
import type { OrderBook } from '../../orderbook/order-book.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import { CliError } from '../cli-error.js';
import { type Flags, num, positive, seedFlag } from '../cli-flags.js';
import { liveView } from '../live-view.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const same = (a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Runs the demo until stopped. */
export async function demo(flags: Flags): Promise<void> {
  const duration = num(flags.duration, 'duration', 0);
  const faultEveryS = positive(flags['fault-every'], 'fault-every', 4);
  // liveShapes: frames shaped like the live feed's (reference §11), so the demo exercises the tolerant decode paths.
  // The demo steps the market model itself, so a truth check can hold it still for a moment.
  const sim = await startSimulator({ seed: seedFlag(flags.seed), tickIntervalMs: 0, pingIntervalMs: 2000, liveShapes: true });
  const market = flags.market?.[0] ?? sim.markets[0] ?? 'KXDEMO-RAIN';
  if (!sim.markets.includes(market)) {
    await sim.close();
    throw new CliError(`the simulator has no market ${market}; its markets: ${sim.markets.join(', ')}`);
  }
  let paused = false;
  const ticker = setInterval(() => {
    if (!paused) sim.step(6);
  }, 20);
  const conn = connect({ url: sim.url, reconnect: { initialDelayMs: 100, maxDelayMs: 2000 }, staleAfterMs: 6000 });
  const injected = { drops: 0, lost: 0 };
  let checked = 0;
  let equal = 0;
  const inject = (): string => {
    if ((injected.drops + injected.lost) % 2 === 0) {
      injected.drops++;
      sim.faults.drop();
      return 'connection dropped (watch it reconnect and resync)';
    }
    injected.lost++;
    sim.faults.loseNext(1);
    return 'one book message lost (watch the gap and the resync)';
  };
  // Holds the model still until the client's book has caught up, then compares it with the truth.
  const check = async (latest: () => OrderBook | undefined): Promise<string> => {
    paused = true;
    checked++;
    try {
      const truth = sim.book(market);
      for (let waited = 0; waited < 2000; waited += 20) {
        const b = latest();
        if (b !== undefined && b.status === 'live' && same(b.yes, truth.yes) && same(b.no, truth.no)) {
          equal++;
          return `book equals the simulator's truth (seq ${b.seq})`;
        }
        await sleep(20);
      }
      return "book DIFFERS from the simulator's truth";
    } finally {
      paused = false;
    }
  };
  try {
    const log = await liveView(conn, market, duration, `embedded simulator, a fault every ${faultEveryS} s`, {
      faultEveryS,
      inject,
      check,
    });
    const faults = injected.drops + injected.lost;
    process.stdout.write(
      `demo: ${faults} faults injected (${injected.drops} dropped connections, ${injected.lost} lost messages), ${log.recoveries} recoveries, ` +
        `${equal} of ${checked} books checked equal to the simulator's truth\n`,
    );
  } finally {
    clearInterval(ticker);
    conn.close();
    await sim.close();
  }
}
