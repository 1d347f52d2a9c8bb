/**
 * `kalshi-rx simulate`: the local Kalshi simulator until stopped.
 *
 * @module
 */
import { startSimulator } from '../../simulator/start-simulator.js';
import { type Flags, num } from '../cli-flags.js';
import { whenStopped } from '../cli-support.js';

/** Runs the simulator until stopped. */
export async function simulate(flags: Flags): Promise<void> {
  const markets = flags.markets?.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const sim = await startSimulator({
    port: num(flags.port, 'port', 0), seed: num(flags.seed, 'seed', 1),
    ...(markets === undefined || markets.length === 0 ? {} : { markets }),
    tickIntervalMs: num(flags['tick-ms'], 'tick-ms', 50), pingIntervalMs: num(flags['ping-ms'], 'ping-ms', 10_000),
  });
  process.stdout.write(`kalshi-rx simulator listening on ${sim.url}\nmarkets: ${sim.markets.join(', ')}\n`);
  await whenStopped(num(flags.duration, 'duration', 0));
  await sim.close();
}

