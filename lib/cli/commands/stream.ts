/**
 * `kalshi-rx stream <channel>`: NDJSON of decoded messages on stdout.
 *
 * @module
 */
import { CHANNELS } from '../../channels/channel-names.js';
import type { DataMessage } from '../../protocol/data-message.js';
import { CliError } from '../cli-error.js';
import { channelArg, type Flags, limitFlag, num } from '../cli-flags.js';
import { consume, toWire, withEndpoint } from '../cli-support.js';

/** Streams the channel `args[0]` as NDJSON. */
export async function stream(flags: Flags, args: readonly string[]): Promise<void> {
  const channel = channelArg(args[0]);
  const markets = flags.market;
  if (CHANNELS[channel].marketFilter === 'required' && (markets === undefined || markets.length === 0))
    throw new CliError(`${channel} needs at least one --market <ticker>`);
  const limit = limitFlag(flags.limit);
  const duration = num(flags.duration, 'duration', 0);
  await withEndpoint(flags, { channel, ...(markets === undefined ? {} : { markets }) }, async (conn) => {
    let n = 0;
    const source = conn.channel(channel, markets === undefined ? {} : { market_tickers: markets });
    await consume(
      source,
      (m) => {
        process.stdout.write(`${JSON.stringify(toWire(m as DataMessage))}\n`);
        return ++n >= limit;
      },
      duration,
    );
  });
}
