import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../lib/connection/channel-event.js';
import { connect } from '../../lib/connection/kalshi-connection.js';
import type { Ticker } from '../../lib/channels/ticker.js';
import type { Trade } from '../../lib/channels/trade.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import { loopback } from '../helpers/loopback.js';
import { eventually } from '../helpers/eventually.js';

const MARKETS = ['SHAPE-A', 'SHAPE-B', 'SHAPE-C'];
const rig = loopback();

describe.each([
  ['the live feed\'s shapes (liveShapes)', true],
  ['the newest spec\'s shapes', false],
])('ticker(), trades(), lifecycle() and books over %s', (_name, liveShapes) => {
  it('deliver every message with no decode error, and the books equal the truth', async () => {
    const sim = rig.sim = await startSimulator({ markets: MARKETS, tickIntervalMs: 0, pingIntervalMs: 0, seed: 9, liveShapes });
    const conn = rig.conn = connect({ url: sim.url });
    const diagnostics: Diagnostic[] = [];
    const tickers: Ticker[] = [];
    const trades: Trade[] = [];
    const lifecycle: unknown[] = [];
    const books = new Map<string, OrderBook>();
    conn.diagnostics$.subscribe((d) => diagnostics.push(d));
    conn.ticker().subscribe((t) => tickers.push(t));
    conn.trades().subscribe((t) => trades.push(t));
    conn.lifecycle().subscribe((l) => lifecycle.push(l));
    for (const m of MARKETS) conn.orderbook(m).subscribe((b) => books.set(m, b));
    await eventually(() => {
      expect(books.size).toBe(MARKETS.length);
      expect(sim.subscriptions().map((s) => s.channel).sort()).toEqual(['market_lifecycle_v2', 'orderbook_delta', 'ticker', 'trade']);
    });
    sim.step(3000);
    await eventually(() => {
      for (const m of MARKETS) {
        const b = books.get(m)!;
        expect({ yes: b.yes.map(([p, q]) => [p, q]), no: b.no.map(([p, q]) => [p, q]) }).toEqual(sim.book(m));
      }
      expect(lifecycle.length).toBeGreaterThan(0);
    }, 5_000);
    expect(diagnostics).toEqual([]);
    expect(tickers.length).toBeGreaterThan(1000);
    expect(trades.length).toBeGreaterThan(100);
    // What the live feed omits is absent, not invented; what the client needs is there.
    expect(tickers.every((t) => t.msg.yes_bid_dollars !== undefined && t.msg.ts_ms !== undefined)).toBe(true);
    expect(tickers.some((t) => t.msg.dollar_volume === undefined)).toBe(liveShapes);
    expect(trades.every((t) => t.msg.yes_price_dollars + t.msg.no_price_dollars === 10_000)).toBe(true);
    expect(trades.some((t) => t.msg.is_block_trade === undefined)).toBe(liveShapes);
  }, 20_000);
});
