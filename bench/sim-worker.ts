/**
 * The simulator in its own thread, so the client under test has a core to itself and the
 * firehose (pre-serialized frames) is never the bottleneck.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../lib/simulator/start-simulator.js';

type Request = { type: 'firehose'; market: string; count: number } | { type: 'drop' } | { type: 'commands' } | { type: 'subs' } | { type: 'close' };

const port = parentPort;
if (port === null) throw new Error('sim-worker must run in a worker thread');
const { markets, depth } = workerData as { markets: string[]; depth: number };
const sim = await startSimulator({ markets, depth, tickIntervalMs: 0, pingIntervalMs: 0 });
port.postMessage({ type: 'ready', url: sim.url });
port.on('message', (m: Request) => {
  void (async () => {
    switch (m.type) {
      case 'firehose':
        await sim.firehose(m.market, m.count);
        port.postMessage({ type: 'done' });
        return;
      case 'drop':
        sim.faults.drop();
        port.postMessage({ type: 'done' });
        return;
      case 'commands':
        port.postMessage({ type: 'commands', count: sim.commandLog.length });
        return;
      case 'subs':
        port.postMessage({ type: 'subs', subs: sim.subscriptions().map((s) => ({ sid: s.sid, n: s.markets?.length ?? -1 })) });
        return;
      case 'close':
        await sim.close();
        port.postMessage({ type: 'closed' });
        return;
    }
  })();
});
