import { afterEach, describe, expect, it } from 'vitest';
import { type MarketSource, SimSession } from '../../lib/simulator/sim-session.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { rawClient } from '../helpers/raw-client.js';

// The in-memory Kalshi (the test kit and the marble helpers) and the simulator over loopback
// answer the same commands with the same frames: one command handler serves both.

const MARKETS = ['PAR-A', 'PAR-B', 'PAR-C'];
const script: object[] = [
  { id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'], market_tickers: ['PAR-A'] } },
  { id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: ['PAR-A', 'PAR-B'] } },
  { id: 3, cmd: 'update_subscription', params: { sid: 2, action: 'add_markets', market_tickers: ['PAR-C'] } },
  { id: 4, cmd: 'update_subscription', params: { sids: [1], action: 'delete_markets', market_tickers: ['PAR-A'] } },
  { id: 5, cmd: 'update_subscription', params: { sid: 1, action: 'get_snapshot', market_tickers: ['PAR-B'] } },
  { id: 6, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'], market_tickers: [] } },
  { id: 7, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } },
  { id: 8, cmd: 'list_subscriptions' },
  { id: 9, cmd: 'unsubscribe', params: { sids: [2, 42] } },
  { id: 10, cmd: 'update_subscription', params: { sid: 3, action: 'add_markets', market_tickers: ['PAR-A'] } },
  { id: 11, cmd: 'explode' },
];
const only = (markets: readonly string[]): MarketSource => ({
  has: (t) => markets.includes(t), tickerOfId: () => undefined, tickers: () => markets, snapshotBody: () => undefined, tickerBody: () => undefined,
});

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the in-memory Kalshi and the simulator', () => {
  it('answer the same command script with the same frames', async () => {
    const session = new SimSession({ authenticated: true, markets: only(MARKETS) });
    const inMemory = script.flatMap((cmd) => session.handle(cmd).map((o) => JSON.parse(SimSession.text(o)) as unknown));

    sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0 });
    const c = await rawClient(sim.url);
    for (const cmd of script) c.send(cmd);
    const overLoopback = await c.collect(300);
    await c.close();

    expect(inMemory.length).toBeGreaterThan(10);
    expect(overLoopback).toEqual(inMemory);
  });
});
