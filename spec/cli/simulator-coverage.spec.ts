import { describe, expect, it } from 'vitest';
import type { Subscription } from 'rxjs';
import { CHANNELS, type ChannelName } from '../../lib/channels/channel-names.js';
import { SIMULATOR_SILENT_CHANNELS } from '../../lib/cli/simulator-coverage.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';

describe('SIMULATOR_SILENT_CHANNELS', () => {
  it('lists exactly the channels on which the embedded simulator sends no data', async () => {
    const sim = await startSimulator({ tickIntervalMs: 0, pingIntervalMs: 0, seed: 3 });
    const kalshi = connect({ url: sim.url });
    const counts = new Map<ChannelName, number>();
    const subs: Subscription[] = [];
    for (const name of Object.keys(CHANNELS) as ChannelName[]) {
      counts.set(name, 0);
      const params = CHANNELS[name].marketFilter === 'none' ? {} : { market_tickers: [...sim.markets] };
      subs.push(kalshi.channel(name, params).subscribe({ next: () => counts.set(name, counts.get(name)! + 1), error: () => undefined }));
    }
    try {
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 20; i++) {
        sim.step(200);
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 200));
      const silent = [...counts].filter(([, n]) => n === 0).map(([c]) => c);
      expect(silent.sort()).toEqual([...SIMULATOR_SILENT_CHANNELS].sort());
    } finally {
      subs.forEach((s) => s.unsubscribe());
      kalshi.close();
      await sim.close();
    }
  });
});
