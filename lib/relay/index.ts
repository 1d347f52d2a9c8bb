/**
 * `kalshi-rx/relay`: one process holds the Kalshi connection and fans books, tickers, trades
 * and lifecycle out over NATS JetStream; every consumer reads them through `connectRelay()`
 * with the same Observable API. Needs the `@nats-io/transport-node`, `@nats-io/jetstream` and
 * `@nats-io/kv` packages (optional peer dependencies) and a `nats-server -js`.
 *
 * @packageDocumentation
 */
export { startRelay, type Relay, type RelayOptions } from './start-relay.js';
export { connectRelay, type RelayClientOptions, type RelayConnection, type RelayHealth } from './connect-relay.js';
export { campaign, type LeaderLease, type LeaseEvents } from './leader-lease.js';
export type { BookMessage, BookState, RelayStatus } from './relay-messages.js';
export { decodeToken, encodeToken, relayNames, type RelayNames } from './subjects.js';
export { natsServerInstalled, startNatsServer, type LocalNatsServer } from './local-nats-server.js';
export { runRelayDemo } from './relay-demo.js';
