// Book details a user relies on: legacy integer-cent snapshots, a quantity change on the NO
// side, the crossed check on by default for applyDelta, the violation's words, and formatted
// levels computed once per book.
import { describe, expect, it } from 'vitest';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { applyDelta, applyLevelChange, bookFromSnapshot, OrderBook, stepBook } from '../../lib/orderbook/order-book.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import type { Count, Price } from '../../lib/protocol/fixed-point.js';

function message<M>(frame: object): M {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'data') throw new Error(`not data: ${f.kind}`);
  return f.message as M;
}
const snapshot = (msg: object): OrderbookSnapshot => message({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'M', ...msg } });
const delta = (side: 'yes' | 'no', price: string, change: string): OrderbookDelta =>
  message({ type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'M', side, price_dollars: price, delta_fp: change } });

describe('book details', () => {
  it('a legacy snapshot (integer cents, whole contracts) is the same exact book', () => {
    const b = bookFromSnapshot(snapshot({ yes: [[8, 300], [22, 333]], no: [[54, 20]] }), false);
    expect(b.yes).toEqual([['0.0800', '300.00'], ['0.2200', '333.00']]);
    expect(b.no).toEqual([['0.5400', '20.00']]);
    expect(b.bestYesBid).toBe(2200);
    expect(bookFromSnapshot(snapshot({}), false).levels('yes')).toBe(0);
  });

  it('a quantity change at a resting NO level changes only the NO side', () => {
    const b = bookFromSnapshot(snapshot({ yes_dollars_fp: [['0.4000', '10.00']], no_dollars_fp: [['0.5500', '7.00']] }), false);
    const r = applyDelta(b, delta('no', '0.5500', '3.00'));
    if (!r.ok) throw new Error(r.violation.detail);
    expect(r.book.no).toEqual([['0.5500', '10.00']]);
    expect(r.book.yes).toEqual([['0.4000', '10.00']]);
    expect(r.book.seq).toBe(2);
    const y = applyDelta(b, delta('yes', '0.4000', '-4.00'));
    if (!y.ok) throw new Error(y.violation.detail);
    expect([y.book.yes, y.book.no]).toEqual([[['0.4000', '6.00']], [['0.5500', '7.00']]]);
  });

  it('only a new level is checked for crossing: more at a level that rests in a crossed snapshot is applied, a new crossing level is refused', () => {
    // The exchange sent a crossed book (YES 0.60 + NO 0.45 > $1.00); the fold takes it as it is.
    const b = bookFromSnapshot(snapshot({ yes_dollars_fp: [['0.6000', '10.00']], no_dollars_fp: [['0.4500', '5.00']] }), false);
    const more = applyDelta(b, delta('yes', '0.6000', '2.00'));
    if (!more.ok) throw new Error(more.violation.detail);
    expect(more.book.yes).toEqual([['0.6000', '12.00']]);
    const fresh = applyDelta(b, delta('yes', '0.5800', '1.00'));
    expect(fresh.ok ? 'applied' : fresh.violation.kind).toBe('crossed');
  });

  it('applyDelta checks crossing by default and says what crossed', () => {
    const b = bookFromSnapshot(snapshot({ yes_dollars_fp: [['0.4000', '10.00']], no_dollars_fp: [['0.5500', '7.00']] }), false);
    const r = applyDelta(b, delta('yes', '0.4600', '1.00'));
    expect(r).toEqual({ ok: false, violation: { marketTicker: 'M', kind: 'crossed', detail: 'yes bid 0.4600 crosses the other side' } });
    expect(applyDelta(b, delta('yes', '0.4600', '1.00'), false).ok).toBe(true);
    expect(applyLevelChange(b, 'yes', 4600 as Price, 100 as Count, 2)).toMatchObject({ ok: false, violation: { kind: 'crossed' } });
    // The fold's one-step form checks crossing by default too.
    expect(stepBook(b, 'yes', 4600 as Price, 100 as Count, 2)).toMatchObject({ kind: 'crossed' });
    expect(stepBook(b, 'yes', 4600 as Price, 100 as Count, 2, false)).toBeInstanceOf(OrderBook);
    expect(applyDelta(b, delta('no', '0.3000', '-1.00'))).toEqual({ ok: false, violation: { marketTicker: 'M', kind: 'unknown-level-removed', detail: 'delta -1.00 at unknown no level 0.3000' } });
    expect(applyDelta(b, delta('no', '0.5500', '-8.00'))).toEqual({ ok: false, violation: { marketTicker: 'M', kind: 'negative-level', detail: 'no 0.5500 would go to -1.00' } });
    // A zero change is a no-op, even at an unknown level or at a price that would cross.
    for (const [side, p] of [['no', '0.3000'], ['yes', '0.9000'], ['yes', '0.4000']] as const) {
      const zero = applyDelta(b, delta(side, p, '0.00'));
      expect(zero.ok && [zero.book.yes, zero.book.no, zero.book.status], `${side} ${p}`).toEqual([[['0.4000', '10.00']], [['0.5500', '7.00']], 'live']);
    }
    const gone = applyDelta(b, delta('no', '0.5500', '-7.00'));
    expect(gone.ok && gone.book.levels('no')).toBe(0);
  });

  it('on the YES scale top("yes") is still the highest YES bids, and NO levels the lowest first', () => {
    const b = bookFromSnapshot(snapshot({ yes_dollars_fp: [['0.3000', '1.00'], ['0.4000', '2.00']], no_dollars_fp: [['0.4500', '3.00'], ['0.6000', '4.00']] }), true);
    expect(b.top('yes', 2)).toEqual([[4000, 200], [3000, 100]]);
    expect(b.top('no', 2)).toEqual([[4500, 300], [6000, 400]]);
    expect(b.quantityAt('no', 6000 as Price)).toBe(400);
    expect(b.total('no')).toBe(700);
  });

  it('formats levels once per book (the same arrays on every read), separately per book', () => {
    const b = bookFromSnapshot(snapshot({ yes_dollars_fp: [['0.4000', '10.00']], no_dollars_fp: [['0.5500', '7.00']] }), false);
    expect(b.yes).toBe(b.yes);
    expect(b.no).toBe(b.no);
    const stale = b.with('stale');
    expect(stale.yes).toEqual(b.yes);
    expect([stale.status, stale.base, b.with('live', 'resync').base]).toEqual(['stale', 'snapshot', 'resync']);
  });
});
