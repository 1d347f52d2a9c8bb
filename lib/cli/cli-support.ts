/**
 * Helpers shared by the CLI commands: wire encoding, one-line errors, stopping, consuming a
 * stream, and running against a resolved endpoint.
 *
 * @module
 */
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { Observable } from 'rxjs';
import { KalshiAuthConfigError, KalshiAuthError } from '../auth/auth-errors.js';
import { KalshiCommandError, KalshiConnectionClosedError } from '../connection/connection-errors.js';
import { connect } from '../connection/kalshi-connection.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import { DATA_CODECS, type DataMessage } from '../protocol/data-message.js';
import { CliError } from './cli-error.js';
import type { Flags } from './cli-flags.js';
import { resolveEndpoint } from './endpoint.js';

/** Encodes a decoded message back to its exact wire shape (fixed-point strings). */
export function toWire(message: DataMessage): unknown {
  const codec = DATA_CODECS[message.type] as { encode: (m: DataMessage) => unknown };
  return codec.encode(message);
}

/** Turns library errors into one-line CLI errors. */
export function explain(e: unknown, url: string): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof KalshiAuthConfigError) return new CliError(`${e.message}`, 2);
  if (e instanceof KalshiAuthError) return new CliError(`Kalshi refused the key (HTTP ${e.status}): check --key-id / --private-key and the clock`, 3);
  if (e instanceof KalshiCommandError) return new CliError(`${e.message}`, 2);
  if (e instanceof KalshiConnectionClosedError) return new CliError(`cannot reach ${url}: ${e.message}; check the network or the URL`, 4);
  if (e instanceof KalshiUsageError) return new CliError(e.message, 2);
  return new CliError(e instanceof Error ? e.message : String(e), 1);
}

/** Resolves on Ctrl-C, SIGTERM or after `durationS` seconds (0: never). */
export function whenStopped(durationS: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (durationS > 0) setTimeout(stop, durationS * 1000).unref();
  });
}

/** Consumes `source` until `onValue` returns true, the source ends, or the process is stopped. */
export function consume(source: Observable<unknown>, onValue: (v: unknown) => boolean, durationS: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sub = source.subscribe({
      next: (v) => { if (onValue(v)) { sub.unsubscribe(); resolve(); } },
      error: reject,
      complete: resolve,
    });
    void whenStopped(durationS).then(() => { sub.unsubscribe(); resolve(); });
  });
}

/** Connects to the endpoint the flags select and runs `run`; errors become one-line CLI errors. */
export async function withEndpoint<T>(flags: Flags, run: (conn: KalshiConnection, url: string) => Promise<T>): Promise<T> {
  const endpoint = await resolveEndpoint(flags, process.env, { tickIntervalMs: 20 });
  let conn: KalshiConnection | undefined;
  try {
    conn = connect({ url: endpoint.url, ...(endpoint.auth === undefined ? {} : { auth: endpoint.auth }), reconnect: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 2000 } });
    return await run(conn, endpoint.url);
  } catch (e) {
    throw explain(e, endpoint.url);
  } finally {
    conn?.close();
    await endpoint.close();
  }
}

