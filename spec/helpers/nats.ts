import { natsServerInstalled } from '../../lib/relay/local-nats-server.js';

/**
 * Whether the relay specs can run here: nats-server is installed. CI installs it and sets
 * KALSHI_RX_REQUIRE_NATS=1, and then a missing server is an error, not a skip.
 */
export const hasNats = natsServerInstalled();
if (!hasNats && process.env['KALSHI_RX_REQUIRE_NATS'] === '1') throw new Error('nats-server is required (apt-get install nats-server)');
