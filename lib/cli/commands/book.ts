/**
 * `kalshi-rx book <ticker>`: the live book view against any endpoint.
 *
 * @module
 */
import { CliError } from '../cli-error.js';
import { type Flags, num } from '../cli-flags.js';
import { withEndpoint } from '../cli-support.js';
import { liveView } from '../live-view.js';

/** Shows the live book of `args[0]` until stopped. */
export async function book(flags: Flags, args: string[]): Promise<void> {
  const market = args[0];
  if (market === undefined || market.trim() === '') throw new CliError('book needs a market ticker: kalshi-rx book <ticker>');
  await withEndpoint(flags, (conn) => liveView(conn, market, num(flags.duration, 'duration', 0)));
}

