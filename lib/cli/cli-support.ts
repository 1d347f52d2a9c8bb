/**
 * Helpers shared by the CLI commands: wire encoding, one-line errors that name their cause,
 * stopping, consuming a stream, and running against a resolved endpoint.
 *
 * @module
 */
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { Observable } from 'rxjs';
import WebSocket from 'ws';
import { KalshiAuthConfigError, KalshiAuthError } from '../auth/auth-errors.js';
import { KalshiCommandError, KalshiConnectionClosedError } from '../connection/connection-errors.js';
import type { WebSocketCtor } from '../connection/connect-options.js';
import { connect } from '../connection/kalshi-connection.js';
import { connectPool } from '../connection/connect-pool.js';
import type { PoolOptions } from '../connection/pool-options.js';
import type { KalshiConnection } from '../connection/kalshi-connection-api.js';
import { encodeMessage } from '../protocol/data-message.js';
import { CliError } from './cli-error.js';
import { type Flags, seedFlag } from './cli-flags.js';
import { type EndpointNeeds, resolveEndpoint } from './endpoint.js';

/** Encodes a decoded message back to its exact wire shape (fixed-point strings). */
export const toWire = encodeMessage;

/** Where the failing command was connected, for the message. */
export interface FailureContext {
  readonly url: string;
  /** True when the endpoint is the embedded simulator. */
  readonly simulator?: boolean;
  /** The last socket-level error (ECONNREFUSED, ENOTFOUND, ...), if any. */
  readonly cause?: Error | undefined;
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED): nothing listens there; is the server running and the port right?',
  ENOTFOUND: 'host not found (ENOTFOUND): check the host name in the URL',
  EAI_AGAIN: 'the host name could not be resolved now (EAI_AGAIN): check DNS or the network',
  ETIMEDOUT: 'the connection timed out (ETIMEDOUT): check the network or a firewall',
  ECONNRESET: 'the connection was reset (ECONNRESET)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH): check the network',
  ENETUNREACH: 'network unreachable (ENETUNREACH): check the network',
  CERT_HAS_EXPIRED: 'the server certificate has expired (CERT_HAS_EXPIRED)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)',
};

/** One phrase for a socket-level error: its code explained, or its message. */
export function describeCause(cause: Error): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code !== undefined && CAUSES[code] !== undefined) return CAUSES[code];
  if (code !== undefined && code.startsWith('HTTP_')) return `${cause.message}: check the URL (Kalshi's path is /trade-api/ws/v2)`;
  return code === undefined ? cause.message : `${cause.message} (${code})`;
}

/** Turns library errors into one-line CLI errors. */
export function explain(e: unknown, ctx: FailureContext): CliError {
  if (e instanceof CliError) return e;
  const from = ctx.simulator === true ? 'the embedded simulator' : ctx.url;
  if (e instanceof KalshiAuthConfigError) return new CliError(`${e.message}`, 2);
  if (e instanceof KalshiAuthError)
    return new CliError(`Kalshi refused the key (HTTP ${e.status}): check --key-id / --private-key and the clock`, 3);
  if (e instanceof KalshiCommandError)
    return new CliError(ctx.simulator === true ? `the embedded simulator answered: ${e.message}` : e.message, 2);
  if (e instanceof KalshiConnectionClosedError) {
    const why = ctx.cause === undefined ? e.message : describeCause(ctx.cause);
    return new CliError(`cannot reach ${from === ctx.url ? ctx.url : `${from} at ${ctx.url}`}: ${why}`, 4);
  }
  // Caller mistakes are usage errors (exit 2); a real TypeError is a bug and falls through to exit 1.
  if (e instanceof KalshiUsageError) return new CliError(e.message, 2);
  return new CliError(e instanceof Error ? e.message : String(e), 1);
}

/** A `ws` constructor that remembers the last socket error, so a failure can name its cause. */
export function causeRecordingSocket(): { readonly ctor: WebSocketCtor; last(): Error | undefined } {
  let last: Error | undefined;
  let refused: Error | undefined;
  const Recording = class extends WebSocket {
    constructor(url: string, protocols?: string | string[], opts?: WebSocket.ClientOptions) {
      super(url, protocols, opts);
      this.on('error', (e: Error) => {
        last = e;
      });
      // An HTTP answer instead of the upgrade (a wrong path, a plain web server): the socket then
      // only reports "closed before the connection was established", so keep the status.
      this.on('unexpected-response', (_req: unknown, res: { statusCode?: number }) => {
        refused = Object.assign(new Error(`the server answered HTTP ${res.statusCode ?? '?'} instead of a WebSocket upgrade`), {
          code: `HTTP_${res.statusCode ?? 0}`,
        });
      });
      this.on('open', () => {
        refused = undefined;
      });
    }
  };
  return { ctor: Recording as unknown as WebSocketCtor, last: () => refused ?? last };
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
      next: (v) => {
        if (onValue(v)) {
          sub.unsubscribe();
          resolve();
        }
      },
      error: reject,
      complete: resolve,
    });
    void whenStopped(durationS).then(() => {
      sub.unsubscribe();
      resolve();
    });
  });
}

/** Options of {@link withEndpoint}. */
export interface WithEndpointOptions extends EndpointNeeds {
  /** Sees every raw frame (for `record`). */
  readonly onRawFrame?: (frame: string) => void;
  /** Connect with `connectPool()` and these placement options instead of `connect()`. */
  readonly pool?: Pick<PoolOptions, 'maxSockets' | 'maxMarketsPerSocket'>;
  /** The embedded simulator's markets (default: its own). */
  readonly simulatorMarkets?: readonly string[];
}

/** Connects to the endpoint the flags select and runs `run`; errors become one-line CLI errors. */
export async function withEndpoint<T>(
  flags: Flags,
  needs: WithEndpointOptions,
  run: (conn: KalshiConnection, source: string) => Promise<T>,
): Promise<T> {
  const seed = flags.seed === undefined ? {} : { seed: seedFlag(flags.seed) };
  const simMarkets = needs.simulatorMarkets === undefined ? {} : { markets: needs.simulatorMarkets };
  const endpoint = await resolveEndpoint(flags, process.env, { tickIntervalMs: 20, ...seed, ...simMarkets }, needs);
  const sockets = causeRecordingSocket();
  let conn: KalshiConnection | undefined;
  try {
    const options = {
      url: endpoint.url,
      WebSocketCtor: sockets.ctor,
      ...(endpoint.auth === undefined ? {} : { auth: endpoint.auth }),
      ...(needs.onRawFrame === undefined ? {} : { onRawFrame: needs.onRawFrame }),
      reconnect: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 2000 },
    };
    conn = needs.pool === undefined ? connect(options) : connectPool({ ...options, ...needs.pool });
    return await run(conn, endpoint.simulator === undefined ? endpoint.url : 'embedded simulator');
  } catch (e) {
    throw explain(e, { url: endpoint.url, simulator: endpoint.simulator !== undefined, cause: sockets.last() });
  } finally {
    conn?.close();
    await endpoint.close();
  }
}
