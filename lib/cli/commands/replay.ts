/**
 * `kalshi-rx replay <file>`: a recording through the decoder and the book pipeline.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { connect } from '../../connection/kalshi-connection.js';
import type { OrderBook } from '../../orderbook/order-book.js';
import { decodeFrame } from '../../protocol/decode-frame.js';
import { parseRecording } from '../../replay/recording.js';
import { recordingSocket } from '../../replay/recording-socket.js';
import { CliError } from '../cli-error.js';
import { type Flags, positive } from '../cli-flags.js';
import { toWire } from '../cli-support.js';

/** Replays the recording `args[0]`. */
export async function replay(flags: Flags, args: readonly string[]): Promise<void> {
  const file = args[0];
  if (file === undefined) throw new CliError('replay needs a file: kalshi-rx replay <file>');
  const speed = positive(flags.speed, 'speed', Infinity);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const frames = (() => {
    try {
      return parseRecording(text);
    } catch (e) {
      throw new CliError(`${file}: ${(e as Error).message}`);
    }
  })();
  if (flags.book === undefined) {
    for (const f of frames) {
      const d = decodeFrame(f.frame);
      if (d.kind === 'data') process.stdout.write(`${JSON.stringify(toWire(d.message))}\n`);
    }
    return;
  }
  const market = flags.book;
  let ended = false;
  const conn = connect({
    url: 'replay://recording',
    WebSocketCtor: recordingSocket(frames, {
      speed,
      onEnd: () => {
        ended = true;
      },
    }),
    reconnect: false,
    staleAfterMs: 0,
  });
  let last: OrderBook | undefined;
  const sub = conn.orderbook(market).subscribe({
    next: (b) => {
      last = b;
    },
    error: () => undefined,
  });
  const deadline = Date.now() + 600_000;
  while (!ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 50));
  sub.unsubscribe();
  conn.close();
  if (last === undefined) throw new CliError(`the recording has no order book for ${market}`);
  process.stdout.write(
    `${JSON.stringify({ market_ticker: market, status: last.status, yes_dollars_fp: last.yes, no_dollars_fp: last.no })}\n`,
  );
}
