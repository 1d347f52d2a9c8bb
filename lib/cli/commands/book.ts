/**
 * `kalshi-rx book <ticker>`: the live book view against any endpoint.
 *
 * @module
 */
import { CliError } from '../cli-error.js';
import { type Flags, num } from '../cli-flags.js';
import { withEndpoint } from '../cli-support.js';
import { liveView } from '../live-view.js';
import { bookPool } from './book-pool.js';

/** Shows the live book of `args[0]` until stopped; with `--markets-file` (and `--pool N`), the books of many markets over a pool. */
export async function book(flags: Flags, args: readonly string[]): Promise<void> {
  if (flags['markets-file'] !== undefined || flags.pool !== undefined) {
    if (args.length > 0) throw new CliError('book takes a ticker or --markets-file, not both');
    return bookPool(flags);
  }
  const market = args[0];
  if (market === undefined || market.trim() === '') throw new CliError('book needs a market ticker: kalshi-rx book <ticker>');
  const duration = num(flags.duration, 'duration', 0);
  await withEndpoint(flags, { markets: [market] }, (conn, source) => liveView(conn, market, duration, source));
}
