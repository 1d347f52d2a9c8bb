/**
 * Options of {@link connect} and the endpoint table.
 *
 * @module
 */
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { SchedulerLike } from 'rxjs';
import type { AuthOptions } from '../auth/auth-options.js';
import type { CommandBudgetOptions } from './command-budget.js';

/** Production endpoint (newest docs). */
export const PROD_URL = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
/** Demo endpoint (newest docs). */
export const DEMO_URL = 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2';

/** A WebSocket constructor in the shape rxjs `webSocket` and `ws` both accept. */
export type WebSocketCtor = new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => WebSocket;

/** Reconnect policy. Delays use exponential backoff with full jitter. */
export interface ReconnectOptions {
  /** First backoff ceiling in ms (default 250). */
  readonly initialDelayMs?: number;
  /** Largest backoff ceiling in ms (default 30 000). */
  readonly maxDelayMs?: number;
  /** Give up after this many consecutive failed attempts (default: never). */
  readonly maxAttempts?: number;
  /** Smallest delay after an HTTP 429 (default 15 000 ms). */
  readonly rateLimitedDelayMs?: number;
  /** Time allowed for a socket to open (default 10 000 ms). */
  readonly openTimeoutMs?: number;
  /** A socket open this long counts as healthy and the backoff starts over (default 5 000 ms; not on open, so a server that kills every socket at once meets a growing delay). */
  readonly healthyAfterMs?: number;
  /** Random source in [0, 1) for jitter (default `Math.random`); tests pin it. */
  readonly random?: () => number;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Endpoint URL. Default: production, or the `env` shortcut. */
  readonly url?: string;
  /** `'prod'` (default) or `'demo'`; ignored when `url` is given. */
  readonly env?: 'demo' | 'prod';
  /** Handshake authentication. Kalshi requires it; the local simulator does not. */
  readonly auth?: AuthOptions;
  /** WebSocket constructor override (tests, proxies). Default: isomorphic-ws. */
  readonly WebSocketCtor?: WebSocketCtor;
  /** Scheduler for every timer (command timeout, backoff, watchdog); pass a `TestScheduler` for virtual time. */
  readonly scheduler?: SchedulerLike;
  /** Time allowed for a command reply (default 10 000 ms). */
  readonly commandTimeoutMs?: number;
  /** Reconnect policy, or `false` to never reconnect. */
  readonly reconnect?: ReconnectOptions | false;
  /** No frame at all (data or Ping) for this long means a dead socket: terminate and reconnect (default 30 000; 0 disables). */
  readonly staleAfterMs?: number;
  /** A subscription without data for this long is reported `stale` (default 0: off; a quiet market is not a dead feed). */
  readonly dataStaleAfterMs?: number;
  /** Sees every inbound text frame before decoding (recording, debugging). Must not throw. */
  readonly onRawFrame?: (frame: string) => void;
  /** Time a snapshot may take after its command was acknowledged before it is asked for again (default 5 000 ms; the second miss replaces the sid). */
  readonly resyncTimeoutMs?: number;
  /**
   * Largest inbound frame accepted, in bytes (default 16 MiB). Node's socket refuses a larger
   * one with close code 1009 and the connection reconnects; other sockets drop the frame.
   * Either way `diagnostics$` reports `frame-too-large`.
   */
  readonly maxFrameBytes?: number;
  /** The connection-wide command budget, a token bucket every command takes from (default burst 20, 10 per second). */
  readonly commandBudget?: CommandBudgetOptions;
  /** Time an async signer may take before the attempt counts as failed and is retried (default 10 000 ms). */
  readonly signerTimeoutMs?: number;
}

/** Default of {@link ConnectOptions.maxFrameBytes}: 16 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The frame limit of `options`, checked (a caller mistake fails fast). */
export function maxFrameBytesOf(options: Pick<ConnectOptions, 'maxFrameBytes'>): number {
  const n = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (!Number.isSafeInteger(n) || n < 1) throw new KalshiUsageError(`maxFrameBytes must be a positive integer number of bytes, got ${String(options.maxFrameBytes)}`);
  return n;
}

/** Resolves the endpoint from `url` / `env`. @example resolveUrl({ env: 'demo' }) // DEMO_URL */
export function resolveUrl(options: Pick<ConnectOptions, 'url' | 'env'>): string {
  if (options.url !== undefined) return options.url;
  if (options.env === 'demo') return DEMO_URL;
  if (options.env === undefined || options.env === 'prod') return PROD_URL;
  throw new KalshiUsageError(`env must be 'demo' or 'prod', got ${JSON.stringify(options.env)}`);
}
