/**
 * `kalshi-rx record <file> <channel>`: raw frames with their times as NDJSON.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { connect } from '../../connection/kalshi-connection.js';
import { CHANNELS } from '../../channels/channel-names.js';
import { recordLine } from '../../replay/recording.js';
import { CliError } from '../cli-error.js';
import { channelArg, type Flags, num } from '../cli-flags.js';
import { consume, explain } from '../cli-support.js';
import { resolveEndpoint } from '../endpoint.js';

/** Records the channel `args[1]` into the file `args[0]`. */
export async function record(flags: Flags, args: string[]): Promise<void> {
  const [file, name] = args;
  if (file === undefined) throw new CliError('record needs a file: kalshi-rx record <file> <channel>');
  const channel = channelArg(name);
  const markets = flags.market;
  if (CHANNELS[channel].marketFilter === 'required' && (markets === undefined || markets.length === 0)) throw new CliError(`${channel} needs at least one --market <ticker>`);
  const out = createWriteStream(file);
  const limit = num(flags.limit, 'limit', Infinity);
  const endpoint = await resolveEndpoint(flags, process.env, { tickIntervalMs: 20, stepsPerTick: 4 });
  const t0 = Date.now();
  let frames = 0;
  const conn = connect({
    url: endpoint.url, ...(endpoint.auth === undefined ? {} : { auth: endpoint.auth }), reconnect: { maxAttempts: 5 },
    onRawFrame: (f) => { out.write(recordLine(Date.now() - t0, f)); frames++; },
  });
  try {
    let n = 0;
    await consume(conn.channel(channel, markets === undefined ? {} : { market_tickers: markets }), () => ++n >= limit, num(flags.duration, 'duration', 0));
  } catch (e) {
    throw explain(e, endpoint.url);
  } finally {
    conn.close();
    await endpoint.close();
    await new Promise<void>((r) => out.end(() => r()));
  }
  process.stderr.write(`recorded ${frames} frames to ${file}\n`);
}

