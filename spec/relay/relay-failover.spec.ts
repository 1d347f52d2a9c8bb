import { connect as natsConnect, type NatsConnection } from '@nats-io/transport-node';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { connectRelay, type RelayHealth } from '../../lib/relay/connect-relay.js';
import { type LocalNatsServer, startNatsServer } from '../../lib/relay/local-nats-server.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { eventually, sleep } from '../helpers/eventually.js';
import { hasNats } from '../helpers/nats.js';

// Two relay processes for one namespace; the leader is killed with SIGKILL mid-stream. The
// relays run the built package (dist/, built by `npm test`'s pretest) in child processes.

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const MARKETS = ['HA-A', 'HA-B.5', 'HA-C'];
const asWire = (b: OrderBook) => ({ yes: b.yes.map(([p, q]) => [p, q]), no: b.no.map(([p, q]) => [p, q]) });

let server: LocalNatsServer;
let sim: Simulator;
const children: ChildProcess[] = [];
const natsConns: NatsConnection[] = [];
beforeAll(async () => { if (hasNats) server = await startNatsServer(); });
afterAll(async () => { await server?.stop(); });
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const nc of natsConns.splice(0)) await nc.close();
  await sim?.close();
});

function relayProcess(id: string): ChildProcess {
  const code = `
    import { connect } from ${JSON.stringify(join(root, 'dist/index.js'))};
    import { startRelay } from ${JSON.stringify(join(root, 'dist/relay/index.js'))};
    import { connect as natsConnect } from '@nats-io/transport-node';
    const conn = connect({ url: ${JSON.stringify(sim.url)}, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const nats = await natsConnect({ servers: ${JSON.stringify(server.url)} });
    await startRelay({ connection: conn, nats, markets: ${JSON.stringify(MARKETS)}, namespace: 'ha', id: ${JSON.stringify(id)}, leaseTtlMs: 1000 });
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

describe.skipIf(!hasNats)('relay failover', () => {
  it('kill -9 of the leading relay: the standby leads and every consumer book is live and true again within 10 s', async () => {
    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 21 });
    const relays = new Map([['relay-1', relayProcess('relay-1')], ['relay-2', relayProcess('relay-2')]]);
    const consumers = await Promise.all([0, 1].map(async () => {
      const nc = await natsConnect({ servers: server.url });
      natsConns.push(nc);
      const client = await connectRelay({ nats: nc, namespace: 'ha', staleAfterMs: 1_500 });
      const books = new Map<string, OrderBook>();
      const health: RelayHealth[] = [];
      client.status$.subscribe((h) => health.push(h));
      for (const m of MARKETS) client.orderbook(m).subscribe((b) => books.set(m, b));
      return { client, books, health };
    }));
    const allTrue = () => {
      for (const c of consumers) for (const m of MARKETS) {
        expect(c.books.get(m)?.status, m).toBe('live');
        expect(asWire(c.books.get(m)!), m).toEqual(sim.book(m));
      }
    };
    const leaderOf = (h: RelayHealth[]) => { const last = h[h.length - 1]; return last?.state === 'live' ? last.status : undefined; };
    await eventually(() => expect(leaderOf(consumers[0]!.health)).toBeDefined(), 10_000, 50);
    for (let i = 0; i < 20; i++) { sim.step(5); await sleep(20); }
    await eventually(allTrue, 5_000, 50);
    const first = leaderOf(consumers[0]!.health)!;

    relays.get(first.id)!.kill('SIGKILL');
    const killedAt = Date.now();
    let stepping = true;
    const stepper = (async () => { while (stepping) { sim.step(3); await sleep(20); } })();
    await eventually(() => {
      const now = leaderOf(consumers[0]!.health);
      expect(now?.id).not.toBe(first.id);
      expect(now?.e).toBeGreaterThan(first.e);
    }, 10_000, 50);
    stepping = false;
    await stepper;
    await eventually(allTrue, 10_000 - (Date.now() - killedAt), 50);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // Consumers saw the relay go silent (stale books) and come back, never an error.
    for (const c of consumers) expect(c.health.some((h) => h.state === 'silent') || c.client.metricsNow().kvReads > MARKETS.length).toBe(true);
  }, 40_000);

  it('npm run relay:demo: kills the leader, the standby takes over, every book ends equal to the truth', async () => {
    const lines: string[] = [];
    const { runRelayDemo } = await import(join(root, 'dist/relay/relay-demo.js')) as { runRelayDemo: (s: number, log: (l: string) => void) => Promise<boolean> };
    await expect(runRelayDemo(7, (l) => lines.push(l))).resolves.toBe(true);
    expect(lines.some((l) => l.includes('kill -9'))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/standby led after \d+ ms, 3 consumers × 3 books equal/);
  }, 30_000);
});
