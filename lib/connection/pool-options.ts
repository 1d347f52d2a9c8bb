/**
 * Options of {@link connectPool}.
 *
 * @module
 */
import type { ConnectOptions } from './connect-options.js';
import { KalshiUsageError } from '../errors/kalshi-error.js';
import type { AssignPolicy } from './pool-placement.js';

/** Automatic make-before-break rotation of a pool's sockets. */
export interface RotationOptions {
  /** Rotate a socket once it is this old (default: never). */
  readonly maxAgeMs?: number;
  /** Rotate a socket whose subscription reported `stale` while the socket stayed open (needs `dataStaleAfterMs`; default false). */
  readonly whenDegraded?: boolean;
  /** Time a replacement may take to catch up before the handover is abandoned (default 30 000 ms). */
  readonly handoverTimeoutMs?: number;
}

/** Options of {@link connectPool}: every option of `connect()` (each socket gets them), plus placement and rotation. */
export interface PoolOptions extends ConnectOptions {
  /** Sockets open at once (default 16; a rotation's replacement is not counted). */
  readonly maxSockets?: number;
  /** Markets per channel on one socket (default 1000). The pool also learns a lower limit from error 26. */
  readonly maxMarketsPerSocket?: number;
  /** A socket other than the first that carries nothing for this long is closed (default 10 000 ms). */
  readonly idleSocketMs?: number;
  /** Your own placement for some markets; the default decides where it returns undefined. */
  readonly assign?: AssignPolicy;
  /** Automatic rotation (default: only on `rotate()`). */
  readonly rotation?: RotationOptions;
}

/** The checked numbers of {@link PoolOptions}. */
export interface PoolLimits {
  readonly maxSockets: number;
  readonly maxMarketsPerSocket: number;
  readonly handoverTimeoutMs: number;
  readonly idleSocketMs: number;
}

const positive = (name: string, value: number | undefined, fallback: number): number => {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1) throw new KalshiUsageError(`${name} must be a positive integer, got ${String(value)}`);
  return n;
};

/** Checks the pool's numbers (a caller mistake fails fast). */
export function poolLimitsOf(options: PoolOptions): PoolLimits {
  return {
    maxSockets: positive('maxSockets', options.maxSockets, 16),
    maxMarketsPerSocket: positive('maxMarketsPerSocket', options.maxMarketsPerSocket, 1000),
    handoverTimeoutMs: positive('rotation.handoverTimeoutMs', options.rotation?.handoverTimeoutMs, 30_000),
    idleSocketMs: positive('idleSocketMs', options.idleSocketMs, 10_000),
  };
}
