/**
 * `kalshi-rx demo`: the embedded simulator, a live book, and a fault every few seconds.
 *
 * @module
 */
import { connect } from '../../connection/kalshi-connection.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import { CliError } from '../cli-error.js';
import { type Flags, num, positive, seedFlag } from '../cli-flags.js';
import { liveView } from '../live-view.js';

/** Runs the demo until stopped. */
export async function demo(flags: Flags): Promise<void> {
  const sim = await startSimulator({ seed: seedFlag(flags.seed), tickIntervalMs: 20, stepsPerTick: 6, pingIntervalMs: 2000 });
  const market = flags.market?.[0] ?? sim.markets[0] ?? 'KXDEMO-RAIN';
  if (!sim.markets.includes(market)) {
    await sim.close();
    throw new CliError(`the simulator has no market ${market}; its markets: ${sim.markets.join(', ')}`);
  }
  const conn = connect({ url: sim.url, reconnect: { initialDelayMs: 100, maxDelayMs: 2000 }, staleAfterMs: 6000 });
  let n = 0;
  const inject = (): string => {
    n++;
    if (n % 2 === 1) {
      sim.faults.drop();
      return 'fault injected: connection dropped (watch it reconnect and resync)';
    }
    sim.faults.loseNext(1);
    return 'fault injected: one message lost (watch the gap and the narrow resync)';
  };
  try {
    await liveView(conn, market, num(flags.duration, 'duration', 0), inject, positive(flags['fault-every'], 'fault-every', 4));
  } finally {
    conn.close();
    await sim.close();
  }
}

