/**
 * `npm run relay:demo`: a local nats-server, the simulator, two relay processes and three
 * consumers; the leading relay is killed with SIGKILL mid-run and the standby takes over. Prints
 * one line per second (leader, epoch, each consumer's book state) and a summary at the end.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect as natsConnect } from '@nats-io/transport-node';
import type { OrderBook } from '../orderbook/order-book.js';
import { startSimulator } from '../simulator/start-simulator.js';
import { connectRelay, type RelayHealth } from './connect-relay.js';
import { startNatsServer } from './local-nats-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const MARKETS = ['KXDEMO-RAIN', 'KXDEMO-FED', 'FED-23DEC-T3.00'];

/** Runs the demo for `durationS` seconds (kills the leader at a third of it); resolves with whether every book ended equal to the truth. */
export async function runRelayDemo(durationS = 12, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<boolean> {
  const nats = await startNatsServer();
  // The demo steps the market itself, so it can hold it still for the final truth check.
  const sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, liveShapes: true });
  const stepper = setInterval(() => sim.step(2), 50);
  log(`nats-server ${nats.url}, simulator ${sim.url}, markets ${MARKETS.join(' ')}`);
  const relay = (id: string) => spawn(process.execPath, ['--input-type=module', '-e', `
    import { connect } from ${JSON.stringify(join(here, '../index.js'))};
    import { startRelay } from ${JSON.stringify(join(here, 'index.js'))};
    import { connect as natsConnect } from '@nats-io/transport-node';
    const conn = connect({ url: ${JSON.stringify(sim.url)} });
    await startRelay({ connection: conn, nats: await natsConnect({ servers: ${JSON.stringify(nats.url)} }), markets: ${JSON.stringify(MARKETS)}, namespace: 'demo', id: ${JSON.stringify(id)}, leaseTtlMs: 1500 });
    setInterval(() => {}, 1000);`], { cwd: join(here, '../..'), stdio: ['ignore', 'ignore', 'inherit'] });
  const relays = new Map([['relay-1', relay('relay-1')], ['relay-2', relay('relay-2')]]);
  let killedAt: number | undefined;
  let tookOverMs: number | undefined;
  let killed: string | undefined;
  const ncs = await Promise.all([0, 1, 2].map(() => natsConnect({ servers: nats.url })));
  const consumers = await Promise.all(ncs.map(async (nc) => {
    const client = await connectRelay({ nats: nc, namespace: 'demo', staleAfterMs: 1_000 });
    const books = new Map<string, OrderBook>();
    let health: RelayHealth = { state: 'waiting' };
    client.status$.subscribe((h) => {
      health = h;
      if (killedAt !== undefined && tookOverMs === undefined && h.state === 'live' && h.status.id !== killed) tookOverMs = Date.now() - killedAt;
    });
    for (const m of MARKETS) client.orderbook(m).subscribe((b) => books.set(m, b));
    return { client, books, health: () => health };
  }));
  const equal = (b: OrderBook | undefined, m: string) => b !== undefined && b.status === 'live' && JSON.stringify({ yes: b.yes, no: b.no }) === JSON.stringify(sim.book(m));
  for (let s = 1; s <= durationS; s++) {
    await new Promise((r) => setTimeout(r, 1_000));
    const h = consumers[0]!.health();
    const leader = h.state === 'live' ? `${h.status.id} (epoch ${h.status.e})` : h.state;
    const states = consumers.map((c, i) => `c${i + 1}: ${MARKETS.map((m) => (c.books.get(m)?.status ?? '-')[0]).join('')}`).join('  ');
    log(`t=${String(s).padStart(2)}s  leader ${leader.padEnd(20)} ${states}`);
    // Kill the leader a third of the way in, or as soon after as one leads (a slow start on a busy machine).
    if (killed === undefined && s >= Math.floor(durationS / 3) && s < durationS && h.state === 'live') {
      killed = h.status.id;
      relays.get(killed)?.kill('SIGKILL');
      killedAt = Date.now();
      log(`       kill -9 ${killed}`);
    }
  }
  clearInterval(stepper);
  const allEqual = (): boolean => consumers.every((c) => MARKETS.every((m) => equal(c.books.get(m), m)));
  // Held still, every consumer catches up within a moment (bounded).
  for (let i = 0; i < 30 && !allEqual(); i++) await new Promise((r) => setTimeout(r, 100));
  const ok = allEqual();
  log(`summary: leader killed ${killed ?? 'never'}, standby led after ${tookOverMs === undefined ? '?' : `${tookOverMs} ms`}, ${consumers.length} consumers × ${MARKETS.length} books ${ok ? 'equal' : 'NOT equal'} to the simulator's truth`);
  for (const c of consumers) await c.client.close();
  for (const nc of ncs) await nc.close();
  for (const r of relays.values()) r.kill('SIGKILL');
  await sim.close();
  await nats.stop();
  return ok;
}
