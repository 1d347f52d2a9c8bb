/**
 * `connect()`: one multiplexed Kalshi socket whose channel subscriptions are cold Observables,
 * with reconnect, restore, keep-alive watchdog and sequence-gap resync built in. It is a pool of
 * exactly one socket (and a second one during `rotate()`), with untagged statuses.
 *
 * @module
 */
import type { ConnectOptions } from './connect-options.js';
import { ConnectionSurface } from './connection-surface.js';
import type { KalshiConnection } from './kalshi-connection-api.js';
import { PoolCore } from './pool-core.js';

/**
 * Opens a connection to Kalshi (or the local simulator) and returns it at once; the socket
 * connects in the background and reconnects by itself. Throws on bad options (bad PEM,
 * unknown env) without echoing key material.
 *
 * @example
 * import { connect } from 'kalshi-rx';
 * const kalshi = connect({ auth: { keyId, privateKeyPem } });
 * kalshi.channel('ticker', { market_tickers: ['FED-23DEC-T3.00'] }).subscribe(console.log);
 */
export function connect(options: ConnectOptions = {}): KalshiConnection {
  return new ConnectionSurface(new PoolCore({ ...options, maxSockets: 1 }, false));
}
