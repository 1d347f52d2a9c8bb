/**
 * `connectPool()`: several Kalshi sockets behind the one {@link KalshiConnection} API.
 *
 * @module
 */
import { ConnectionSurface } from './connection-surface.js';
import type { KalshiConnection } from './kalshi-connection-api.js';
import { PoolCore } from './pool-core.js';
import type { PoolOptions } from './pool-options.js';

/**
 * Opens a pool of sockets and returns it at once, with the same API as {@link connect}: code
 * written against `connect()` runs unchanged. Markets are spread over sockets (up to
 * `maxMarketsPerSocket` per channel, at most `maxSockets`); a market the exchange refuses with
 * error 26 moves to another socket, and the pool learns the real limit from it. Sockets open
 * one at a time, paced by the pool-wide command budget; a pool opens no more sockets than its
 * markets need. `rotate()` replaces every socket make-before-break.
 *
 * @example
 * import { connectPool } from 'kalshi-rx';
 * const pool = connectPool({ auth: { keyId: 'my-key-id', privateKeyPem: process.env['KALSHI_PEM'] ?? '' }, maxMarketsPerSocket: 200 });
 * for (const m of ['FED-23DEC-T3.00', 'FED-23DEC-T3.25']) pool.orderbook(m).subscribe((b) => console.log(m, b.bestYesBid));
 */
export function connectPool(options: PoolOptions = {}): KalshiConnection {
  return new ConnectionSurface(new PoolCore(options));
}
