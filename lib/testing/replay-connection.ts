/**
 * Record a live session's raw frames and replay them as a connection.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import { connect } from '../connection/kalshi-connection.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import { type RecordedFrame, recordLine } from '../replay/recording.js';
import { recordingSocket } from '../replay/recording-socket.js';

/**
 * Returns an `onRawFrame` hook for `connect()` that writes each frame as an NDJSON line
 * `{"t": ms since start, "frame": "..."}` through `write`.
 *
 * @example
 * import { createWriteStream } from 'node:fs';
 * const out = createWriteStream('session.ndjson');
 * const kalshi = connect({ auth: { keyId, privateKeyPem }, onRawFrame: createRecorder((line) => out.write(line)) });
 */
export function createRecorder(write: (line: string) => void, now: () => number = Date.now): (frame: string) => void {
  const t0 = now();
  return (frame) => write(recordLine(now() - t0, frame));
}

/** Options of {@link replayConnection}. */
export interface ReplayOptions {
  /** 1 = recorded speed, 10 = ten times faster, `Infinity` (default) = as fast as possible. */
  readonly speed?: number;
  /** A `TestScheduler` replays in virtual time. */
  readonly scheduler?: SchedulerLike;
  /** Called when the last frame was delivered. */
  readonly onEnd?: () => void;
}

/**
 * A connection that plays a recording back through the same decoding, routing and book
 * pipeline as the live one. Subscribe to the channels (and books) that were recorded.
 *
 * @example
 * import { readFileSync } from 'node:fs';
 * const replay = replayConnection(parseRecording(readFileSync('session.ndjson', 'utf8')));
 * replay.orderbook('FED-23DEC-T3.00').subscribe((book) => console.log(book.bestYesBid));
 */
export function replayConnection(frames: readonly RecordedFrame[], options: ReplayOptions = {}): KalshiConnection {
  return connect({
    url: 'replay://recording',
    WebSocketCtor: recordingSocket(frames, {
      ...(options.speed === undefined ? {} : { speed: options.speed }),
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
      ...(options.onEnd === undefined ? {} : { onEnd: options.onEnd }),
    }),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    reconnect: false,
    staleAfterMs: 0,
  });
}
