/**
 * Relay figures for `npm run bench`: end-to-end latency simulator → consumer book through a relay
 * and NATS, against the same path with a direct `connect()`, and book updates per second delivered
 * to 10 relay consumers against one direct `connect()`, both in the same run. Needs `nats-server`;
 * skipped (and said so) without it.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { connect as natsConnect, type NatsConnection } from '@nats-io/transport-node';
import { connect } from '../lib/connection/kalshi-connection.js';
import { connectRelay } from '../lib/relay/connect-relay.js';
import { natsServerInstalled, startNatsServer } from '../lib/relay/local-nats-server.js';
import { startRelay } from '../lib/relay/start-relay.js';
import { startSimulator } from '../lib/simulator/start-simulator.js';

/** What the relay section measured. */
export interface RelayFigures {
  readonly relayP50Us: number;
  readonly relayP99Us: number;
  readonly directP50Us: number;
  readonly directP99Us: number;
  readonly samples: number;
  /** Updates/s delivered to 10 consumers together, and by one direct connection. */
  readonly fanoutRate: number;
  readonly directRate: number;
}

const pct = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the relay figures, or returns undefined when nats-server is not installed. */
export async function relayFigures(quick: boolean): Promise<RelayFigures | undefined> {
  if (!natsServerInstalled()) {
    console.log('relay: nats-server not installed (apt-get install nats-server): relay figures skipped');
    return undefined;
  }
  const market = 'BENCH-RLY.1';
  const nats = await startNatsServer();
  const sim = await startSimulator({ markets: [market], tickIntervalMs: 0, pingIntervalMs: 0, seed: 31, depth: 50 });
  const ncs: NatsConnection[] = [];
  const nc = async (): Promise<NatsConnection> => { const c = await natsConnect({ servers: nats.url }); ncs.push(c); return c; };
  const relayConn = connect({ url: sim.url });
  const direct = connect({ url: sim.url });
  const relay = await startRelay({ connection: relayConn, nats: await nc(), markets: [market], namespace: 'bench', channels: [] });
  const consumers = await Promise.all(Array.from({ length: 10 }, async () => connectRelay({ nats: await nc(), namespace: 'bench' })));
  let directAt = 0;
  let directCount = 0;
  const relayAt = new Array<number>(consumers.length).fill(0);
  const relayCount = new Array<number>(consumers.length).fill(0);
  direct.orderbook(market).subscribe(() => { directAt = performance.now(); directCount++; });
  consumers.forEach((c, i) => c.orderbook(market).subscribe(() => { relayAt[i] = performance.now(); relayCount[i]!++; }));
  while (!relay.leading || directCount === 0 || relayCount.some((n) => n === 0)) await wait(20);
  await wait(500);

  // Latency: one model step at a time (most steps change this market's book), paced 3 ms apart.
  const relayUs: number[] = [];
  const directUs: number[] = [];
  const n = quick ? 500 : 2_000;
  for (let i = 0; i < n; i++) {
    const before = directCount;
    const beforeRelay = relayCount[0]!;
    const t0 = performance.now();
    sim.step(1);
    const deadline = t0 + 50;
    while ((directCount === before || relayCount[0] === beforeRelay) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
    if (directCount > before && relayCount[0]! > beforeRelay) {
      directUs.push((directAt - t0) * 1000);
      relayUs.push((relayAt[0]! - t0) * 1000);
    }
    await wait(3);
  }

  // Fan-out: a burst of steps; updates delivered per second to 10 consumers together vs one direct book.
  const steps = quick ? 5_000 : 20_000;
  const d0 = directCount;
  const r0 = relayCount.reduce((a, b) => a + b, 0);
  const t0 = performance.now();
  for (let i = 0; i < steps; i += 100) {
    sim.step(100);
    await new Promise((r) => setImmediate(r));
  }
  const target = directCount; // wait for the direct book to settle, then for every consumer
  let last = -1;
  while (last !== directCount) { last = directCount; await wait(100); }
  const directDone = directAt;
  let settled = -1;
  while (settled !== relayCount.reduce((a, b) => a + b, 0)) { settled = relayCount.reduce((a, b) => a + b, 0); await wait(200); }
  const relayDone = Math.max(...relayAt);
  void target;
  const figures: RelayFigures = {
    relayP50Us: pct(relayUs, 0.5), relayP99Us: pct(relayUs, 0.99), directP50Us: pct(directUs, 0.5), directP99Us: pct(directUs, 0.99), samples: relayUs.length,
    fanoutRate: (relayCount.reduce((a, b) => a + b, 0) - r0) / ((relayDone - t0) / 1000),
    directRate: (directCount - d0) / ((directDone - t0) / 1000),
  };
  for (const c of consumers) await c.close();
  await relay.stop();
  relayConn.close();
  direct.close();
  for (const c of ncs) await c.close();
  await sim.close();
  await nats.stop();
  return figures;
}
