/**
 * `kalshi-rx record <file> <channel>`: raw frames with their times as NDJSON.
 *
 * @module
 */
import { createWriteStream, openSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { CHANNELS } from '../../channels/channel-names.js';
import { recordLine } from '../../replay/recording.js';
import { CliError } from '../cli-error.js';
import { channelArg, type Flags, limitFlag, num } from '../cli-flags.js';
import { consume, withEndpoint } from '../cli-support.js';

/** Opens `file` for writing now, so a bad path fails before anything connects. */
function openOut(file: string): number {
  try {
    return openSync(file, 'w');
  } catch (e) {
    throw new CliError(`cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Records the channel `args[1]` into the file `args[0]`. */
export async function record(flags: Flags, args: readonly string[]): Promise<void> {
  const [file, name] = args;
  if (file === undefined) throw new CliError('record needs a file: kalshi-rx record <file> <channel>');
  const channel = channelArg(name);
  const markets = flags.market;
  if (CHANNELS[channel].marketFilter === 'required' && (markets === undefined || markets.length === 0))
    throw new CliError(`${channel} needs at least one --market <ticker>`);
  const limit = limitFlag(flags.limit);
  const duration = num(flags.duration, 'duration', 0);
  const fd = openOut(file);
  const out = createWriteStream('', { fd });
  let writeError: NodeJS.ErrnoException | undefined;
  out.on('error', (e) => {
    writeError ??= e;
  });
  const t0 = Date.now();
  let frames = 0;
  try {
    await withEndpoint(
      flags,
      {
        channel,
        ...(markets === undefined ? {} : { markets }),
        onRawFrame: (f) => {
          out.write(recordLine(Date.now() - t0, f));
          frames++;
        },
      },
      async (conn) => {
        let n = 0;
        await consume(
          conn.channel(channel, markets === undefined ? {} : { market_tickers: markets }),
          () => ++n >= limit || writeError !== undefined,
          duration,
        );
      },
    );
  } finally {
    out.end();
    await finished(out).catch(() => undefined);
  }
  if (writeError !== undefined) throw new CliError(`cannot write ${file} (${writeError.code ?? writeError.message})`);
  process.stderr.write(`recorded ${frames} frames to ${file}\n`);
}
