/**
 * `kalshi-rx relay`: one Kalshi connection fanned out over NATS JetStream (docs/relay.md).
 *
 * @module
 */
import { CliError } from '../cli-error.js';
import { type Flags, num } from '../cli-flags.js';
import { whenStopped, withEndpoint } from '../cli-support.js';

/** Relays `--market`s to `--nats` until stopped. */
export async function relay(flags: Flags): Promise<void> {
  const url = flags.nats;
  if (url === undefined) throw new CliError('relay needs --nats nats://HOST:PORT (a nats-server -js)');
  if (!/^(nats|tls|ws|wss):\/\/[^\s/]+$/.test(url) && !/^[\w.-]+:\d+$/.test(url))
    throw new CliError(`--nats must be a NATS URL such as nats://127.0.0.1:4222, got ${url}`);
  const markets = flags.market ?? [];
  if (markets.length === 0) throw new CliError('relay needs at least one --market <ticker>');
  const namespace = flags.namespace ?? 'prod';
  if (!/^[a-z0-9_-]{1,32}$/.test(namespace)) throw new CliError(`--namespace must be 1-32 of [a-z0-9_-], got ${namespace}`);
  const duration = num(flags.duration, 'duration', 0);
  // The relay's NATS packages are optional peer dependencies: load them only here.
  let natsConnect: typeof import('@nats-io/transport-node').connect;
  let startRelay: typeof import('../../relay/start-relay.js').startRelay;
  try {
    ({ connect: natsConnect } = await import('@nats-io/transport-node'));
    ({ startRelay } = await import('../../relay/start-relay.js'));
  } catch {
    throw new CliError('relay needs the NATS clients: npm install @nats-io/transport-node @nats-io/jetstream @nats-io/kv');
  }
  await withEndpoint(flags, { markets }, async (conn, source) => {
    let nats;
    try {
      nats = await natsConnect({ servers: url, maxReconnectAttempts: -1 });
    } catch (e) {
      throw new CliError(`cannot reach NATS at ${url}: ${e instanceof Error ? e.message : String(e)}`, 4);
    }
    const r = await startRelay({ connection: conn, nats, markets, namespace });
    process.stderr.write(`relay: ${markets.length} market(s) from ${source} to ${url}, namespace ${namespace}\n`);
    const timer = setInterval(() => {
      process.stdout.write(
        `${new Date().toISOString()} ${r.leading ? `leading (epoch ${r.epoch})` : 'standing by'} ${markets.join(' ')}\n`,
      );
    }, 1_000);
    try {
      await whenStopped(duration);
    } finally {
      clearInterval(timer);
      await r.stop();
      await nats.close();
    }
  });
}
