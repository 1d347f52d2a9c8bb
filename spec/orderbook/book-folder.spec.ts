import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { BookFolder } from '../../lib/orderbook/book-folder.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import type { Count, Price } from '../../lib/protocol/fixed-point.js';

const snap = (no: [number, number][]): OrderbookSnapshot => ({
  type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'M', market_id: 'i', ...(no.length ? { no_dollars_fp: no as [Price, Count][] } : {}) },
});
const delta = (price: number, change: number, seq: number): OrderbookDelta => ({
  type: 'orderbook_delta', sid: 1, seq, msg: { market_ticker: 'M', market_id: 'i', side: 'no', price_dollars: price as Price, delta_fp: change as Count },
});

describe('BookFolder with convertNoLeg', () => {
  it('builds from NO-leg input the same book a use_yes_price feed would give', () => {
    const level = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 10_000 }));
    fc.assert(fc.property(fc.uniqueArray(level, { selector: ([p]) => p, maxLength: 30 }), fc.array(fc.tuple(fc.nat(29), fc.integer({ min: -500, max: 500 })), { maxLength: 40 }), (levels, changes) => {
      let converted: OrderBook | undefined;
      let direct: OrderBook | undefined;
      const a = new BookFolder('M', { useYesPrice: true, convertNoLeg: true, checkCrossed: false }, { next: (b) => { converted = b; } });
      const b = new BookFolder('M', { useYesPrice: true, checkCrossed: false }, { next: (x) => { direct = x; } });
      a.push(snap(levels));
      b.push(snap(levels.map(([p, q]) => [10_000 - p, q])));
      changes.forEach(([i, d], k) => {
        const p = levels[i % Math.max(1, levels.length)]?.[0] ?? 5000;
        a.push(delta(p, d, k + 2));
        b.push(delta(10_000 - p, d, k + 2));
      });
      expect(converted?.status).toBe(direct?.status);
      expect(converted?.no).toEqual(direct?.no);
      expect(converted?.bestNoBid).toBe(direct?.bestNoBid);
    }));
  });
});
