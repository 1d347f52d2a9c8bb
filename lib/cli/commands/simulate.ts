/**
 * `kalshi-rx simulate`: the local Kalshi simulator until stopped.
 *
 * @module
 */
import { startSimulator } from '../../simulator/start-simulator.js';
import { CliError } from '../cli-error.js';
import { type Flags, int, num, portFlag, seedFlag } from '../cli-flags.js';
import { whenStopped } from '../cli-support.js';
import { SIMULATOR_SILENT_CHANNELS } from '../simulator-coverage.js';

/** Runs the simulator until stopped. */
export async function simulate(flags: Flags): Promise<void> {
  const markets = flags.markets
    ?.split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (markets !== undefined && markets.length === 0) throw new CliError('--markets needs at least one ticker, e.g. --markets A,B,C');
  const port = portFlag(flags.port);
  const options = {
    port,
    seed: seedFlag(flags.seed),
    ...(markets === undefined ? {} : { markets }),
    tickIntervalMs: int(flags['tick-ms'], 'tick-ms', 50, 0, 3_600_000),
    pingIntervalMs: int(flags['ping-ms'], 'ping-ms', 10_000, 0, 3_600_000),
  };
  const duration = num(flags.duration, 'duration', 0);
  let sim;
  try {
    sim = await startSimulator(options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(
        `the simulator cannot listen on port ${port}: it is in use (EADDRINUSE); pick another --port or 0 for any free port`,
      );
    if (code === 'EACCES')
      throw new CliError(`the simulator may not listen on port ${port} (EACCES): pick a port above 1023 or 0 for any free port`);
    throw new CliError(`the simulator did not start: ${(e as Error).message}`, 1);
  }
  process.stdout.write(
    `kalshi-rx simulator listening on ${sim.url}\nmarkets: ${sim.markets.join(', ')}\nchannels it accepts but sends no data on: ${SIMULATOR_SILENT_CHANNELS.join(', ')}\n`,
  );
  await whenStopped(duration);
  await sim.close();
}
