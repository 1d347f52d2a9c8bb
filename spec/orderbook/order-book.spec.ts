import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { formatScaled, price as P, type Count, type Price } from '../../lib/protocol/fixed-point.js';
import { LEVEL_CHUNK_MAX, LEVEL_CHUNK_MIN, levelEntries, levelsFrom, levelSet, levelSumFrom, levelGet, levelCount } from '../../lib/orderbook/level-tree.js';
import { applyDelta, bookFromSnapshot } from '../../lib/orderbook/order-book.js';

const snapshot = (yes: [number, number][], no: [number, number][], seq = 1): OrderbookSnapshot => ({
  type: 'orderbook_snapshot', sid: 1, seq,
  msg: { market_ticker: 'M', market_id: 'id', ...(yes.length ? { yes_dollars_fp: yes as never } : {}), ...(no.length ? { no_dollars_fp: no as never } : {}) },
});
const delta = (side: 'yes' | 'no', price: number, change: number, seq = 2): OrderbookDelta => ({
  type: 'orderbook_delta', sid: 1, seq, msg: { market_ticker: 'M', market_id: 'id', price_dollars: price as Price, delta_fp: change as Count, side },
});

describe('level tree', () => {
  it('matches a plain Map model under random updates, and never mutates earlier versions', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 100000 })), { maxLength: 300 }), (ops) => {
      let tree = levelsFrom([]);
      const model = new Map<number, number>();
      const versions: [typeof tree, [number, number][]][] = [];
      for (const [p, q] of ops) {
        tree = levelSet(tree, p, q);
        if (q === 0) model.delete(p);
        else model.set(p, q);
        versions.push([tree, [...model.entries()].sort((a, b) => a[0] - b[0])]);
      }
      for (const [t, expected] of versions) expect(levelEntries(t)).toEqual(expected);
      const all = [...model.entries()];
      for (const [p] of all.slice(0, 20)) {
        expect(levelGet(tree, p)).toBe(model.get(p));
        expect(levelSumFrom(tree, p)).toBe(all.filter(([x]) => x >= p).reduce((s, [, q]) => s + q, 0));
      }
      expect(levelCount(tree)).toBe(model.size);
    }));
  });

  it('keeps thousands of levels in small chunks (an update copies one of them)', () => {
    let tree = levelsFrom([]);
    for (let p = 1; p <= 5000; p++) tree = levelSet(tree, p, 100);
    expect(tree!.chunks.every((c) => c.length <= 2 * LEVEL_CHUNK_MAX + 1)).toBe(true);
    expect(tree!.chunks.length).toBeLessThanOrEqual(Math.ceil(5000 / LEVEL_CHUNK_MIN));
  });
});

describe('OrderBook', () => {
  it('exposes levels exactly as a fresh snapshot shows them, plus exact accessors', () => {
    const b = bookFromSnapshot(snapshot([[800, 30000], [2200, 33300]], [[5400, 2000], [5600, 14600]]), false);
    expect(b.yes).toEqual([['0.0800', '300.00'], ['0.2200', '333.00']]);
    expect(b.no).toEqual([['0.5400', '20.00'], ['0.5600', '146.00']]);
    expect(b.bestYesBid).toBe(2200);
    expect(b.bestNoBid).toBe(5600);
    expect(b.impliedYesAsk).toBe(4400);
    expect(b.spread).toBe(2200);
    expect(b.quantityAt('no', P('0.56'))).toBe(14600);
    expect(b.depthAtOrBetter('yes', P('0.08'))).toBe(63300);
    expect(b.depthAtOrBetter('yes', P('0.09'))).toBe(33300);
    expect(b.top('yes', 5)).toEqual([[2200, 33300], [800, 30000]]);
    expect(b.top('no', 1)).toEqual([[5600, 14600]]);
  });

  it('top(side, n) lists the best n levels best first, on both price scales', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (prices, n) => {
      const levels = prices.map((p) => [p, 100] as [number, number]);
      const b = bookFromSnapshot(snapshot(levels, levels), false);
      const y = bookFromSnapshot(snapshot([], levels), true);
      const desc = [...prices].sort((a, c) => c - a).slice(0, n);
      expect(b.top('yes', n).map(([p]) => p)).toEqual(desc);
      expect(b.top('no', n).map(([p]) => p)).toEqual(desc);
      expect(y.top('no', n).map(([p]) => p)).toEqual([...prices].sort((a, c) => a - c).slice(0, n));
    }));
  });

  it('with use_yes_price, the best NO bid is the lowest NO level on the YES scale', () => {
    const b = bookFromSnapshot(snapshot([[4000, 100]], [[4400, 100], [4600, 100]]), true);
    expect(b.bestNoBid).toBe(5600);
    expect(b.impliedYesAsk).toBe(4400);
    expect(b.depthAtOrBetter('no', P('0.46'))).toBe(200);
  });

  it('applies deltas immutably and reports broken invariants', () => {
    const b0 = bookFromSnapshot(snapshot([[5000, 1000]], [[4000, 1000]]), false);
    const r1 = applyDelta(b0, delta('yes', 5000, -1000));
    if (!r1.ok) throw new Error('expected ok');
    expect(r1.book.yes).toEqual([]);
    expect(b0.yes).toEqual([['0.5000', '10.00']]);
    expect(applyDelta(b0, delta('yes', 5000, -1001))).toMatchObject({ ok: false, violation: { kind: 'negative-level' } });
    expect(applyDelta(b0, delta('no', 3900, -1))).toMatchObject({ ok: false, violation: { kind: 'unknown-level-removed' } });
    expect(applyDelta(b0, delta('yes', 6100, 100))).toMatchObject({ ok: false, violation: { kind: 'crossed' } });
    expect(applyDelta(b0, delta('yes', 6000, 100)).ok).toBe(true); // 0.60 + 0.40 = 1.00 is allowed
  });

  it('equals a plain reference model for random snapshots and delta sequences (subpenny prices, fractional counts)', () => {
    const level = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 1_000_000 }));
    fc.assert(fc.property(fc.array(level, { maxLength: 40 }), fc.array(level, { maxLength: 40 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: -500_000, max: 500_000 })), { maxLength: 200 }), (yes, no, deltas) => {
      const model = { yes: new Map<number, number>(yes), no: new Map<number, number>(no) };
      let book = bookFromSnapshot(snapshot([...model.yes.entries()], [...model.no.entries()]), false);
      for (const [isYes, p, d] of deltas) {
        const side = isYes ? 'yes' : 'no';
        const m = model[side];
        const before = m.get(p) ?? 0;
        const r = applyDelta(book, delta(side, p, d), false);
        if (before === 0 && d < 0 || before + d < 0) {
          expect(r.ok).toBe(false);
          continue;
        }
        if (!r.ok) throw new Error(r.violation.detail);
        book = r.book;
        if (before + d === 0) m.delete(p);
        else m.set(p, before + d);
      }
      const fmt = (m: Map<number, number>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([p, q]) => [formatScaled(p, 4), formatScaled(q, 2)]);
      expect(book.yes).toEqual(fmt(model.yes));
      expect(book.no).toEqual(fmt(model.no));
    }), { numRuns: 200 });
  });
});
