// Every book is an immutable value: whatever a caller does with the books it keeps (reads an
// old one after the newest moved on, applies a delta to an old one and follows that line, reads
// in between writes), every book reads as the value it had when it was made, whatever the level
// set's layout (chunk copies, shared keys) does underneath. A plain Map per side is the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import type { Count, Price } from '../../lib/protocol/fixed-point.js';
import { applyDelta, bookFromSnapshot, type OrderBook } from '../../lib/orderbook/order-book.js';
import { propRuns } from '../helpers/prop-runs.js';

type Side = 'yes' | 'no';
type Model = Record<Side, Map<number, number>>;

const snapshot = (model: Model): OrderbookSnapshot => ({
  type: 'orderbook_snapshot', sid: 1, seq: 1,
  msg: { market_ticker: 'M', market_id: 'id', yes_dollars_fp: [...model.yes].sort((a, b) => a[0] - b[0]) as never, no_dollars_fp: [...model.no].sort((a, b) => a[0] - b[0]) as never },
});
const delta = (side: Side, price: number, change: number): OrderbookDelta => ({
  type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'M', market_id: 'id', price_dollars: price as Price, delta_fp: change as Count, side },
});
const sorted = (m: Map<number, number>): [number, number][] => [...m].sort((a, b) => a[0] - b[0]);
const copy = (m: Model): Model => ({ yes: new Map(m.yes), no: new Map(m.no) });

/** Everything a reader can ask of a book, against the model it should equal. */
function expectBook(book: OrderBook, m: Model, note: string): void {
  expect(book.top('yes', 1e9), note).toEqual(sorted(m.yes).reverse());
  expect(book.top('no', 1e9), note).toEqual(sorted(m.no).reverse());
  expect([book.levels('yes'), book.levels('no')], note).toEqual([m.yes.size, m.no.size]);
  const sum = (x: Map<number, number>): number => [...x.values()].reduce((a, b) => a + b, 0);
  expect([book.total('yes'), book.total('no')], note).toEqual([sum(m.yes), sum(m.no)]);
  const [probe] = sorted(m.yes);
  if (probe !== undefined) expect(book.quantityAt('yes', probe[0] as Price), note).toBe(probe[1]);
}

// One step of a caller: a delta on the newest book, a delta on a book kept earlier (a branch
// that may become the newest), or a read of a kept book between writes.
const step = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('newest' as const), yes: fc.boolean(), price: fc.integer({ min: 1, max: 120 }), change: fc.integer({ min: -40, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('branch' as const), pick: fc.nat(), yes: fc.boolean(), price: fc.integer({ min: 1, max: 120 }), change: fc.integer({ min: -40, max: 60 }), follow: fc.nat(7).map((x) => x === 0) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), pick: fc.nat(), recent: fc.boolean() }) },
);

describe('kept books keep their value', () => {
  it('match the reference model through deltas on the newest and on kept books, with reads in between', () => {
    const levels = fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 50 })), { maxLength: 90 });
    fc.assert(fc.property(levels, levels, fc.array(step, { minLength: 50, maxLength: 400 }), (yes, no, steps) => {
      const start: Model = { yes: new Map(yes), no: new Map(no) };
      const kept: [OrderBook, Model][] = [[bookFromSnapshot(snapshot(start), false), start]];
      let newest = kept[0] as [OrderBook, Model];
      const apply = (from: [OrderBook, Model], side: Side, price: number, change: number): [OrderBook, Model] | undefined => {
        const m = copy(from[1]);
        const before = m[side].get(price) ?? 0;
        const r = applyDelta(from[0], delta(side, price, change), false);
        if (before + change < 0 || (before === 0 && change < 0)) {
          expect(r.ok).toBe(false);
          return undefined;
        }
        if (!r.ok) throw new Error(r.violation.detail);
        if (before + change === 0) m[side].delete(price);
        else m[side].set(price, before + change);
        const made: [OrderBook, Model] = [r.book, m];
        kept.push(made);
        return made;
      };
      steps.forEach((s, i) => {
        if (s.kind === 'newest') newest = apply(newest, s.yes ? 'yes' : 'no', s.price, s.change) ?? newest;
        else if (s.kind === 'branch') {
          const made = apply(kept[s.pick % kept.length] as [OrderBook, Model], s.yes ? 'yes' : 'no', s.price, s.change);
          if (made !== undefined && s.follow) newest = made;
        } else {
          // Half of the reads among the last books made.
          const from = s.recent ? Math.max(0, kept.length - 120) : 0;
          const [b, m] = kept[from + (s.pick % (kept.length - from))] as [OrderBook, Model];
          expectBook(b, m, `read at step ${i}`);
        }
      });
      // Newest first, then oldest first: both directions of the rebuild.
      expectBook(newest[0], newest[1], 'newest');
      for (const [b, m] of kept) expectBook(b, m, 'kept, in order made');
      for (const [b, m] of [...kept].reverse()) expectBook(b, m, 'kept, newest first');
    }), { numRuns: propRuns(150), seed: 20_261_201 });
  });

});
