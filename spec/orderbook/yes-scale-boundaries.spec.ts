// Book boundaries as a user of toOrderBook sees them, with the crossed-book check on (the
// default): a bid that touches the other side's implied ask is fine, one tick (one subpenny)
// through it is a `crossed` violation, on the YES price scale (useYesPrice) and on NO-leg prices.
import { from, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../lib/connection/channel-event.js';
import { toOrderBook } from '../../lib/operators/to-order-book.js';
import type { BookViolation, OrderBook } from '../../lib/orderbook/order-book.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';
import type { Price } from '../../lib/protocol/fixed-point.js';
import { deltaFrame, snapshotFrame } from '../helpers/messages.js';

const P = (n: number): Price => n as Price;

const data = (frame: object): ChannelEvent<any> => {
  const f = decodeFrame(JSON.stringify(frame));
  if (f.kind !== 'data') throw new Error('bad fixture');
  return { kind: 'data', message: f.message };
};

function fold(events: ChannelEvent<any>[], useYesPrice: boolean): { books: OrderBook[]; violations: BookViolation[] } {
  const books: OrderBook[] = [];
  const violations: BookViolation[] = [];
  (from(events) as Observable<any>).pipe(toOrderBook('M', { useYesPrice, onViolation: (v) => violations.push(v) })).subscribe({
    next: (b) => books.push(b),
    error: (e: unknown) => { throw e; },
  });
  return { books, violations };
}

/** The book after a snapshot and one delta: the last book and what was reported. */
function afterOne(useYesPrice: boolean, yes: [string, string][], no: [string, string][], side: 'yes' | 'no', price: string) {
  const { books, violations } = fold([data(snapshotFrame(1, 1, 'M', yes, no)), data(deltaFrame(1, 2, 'M', price, '1.00', side))], useYesPrice);
  return { last: books.at(-1)!, count: books.length, violations: violations.map((v) => v.kind) };
}

describe('YES price scale (useYesPrice): NO levels are YES-scale asks', () => {
  // Best YES bid 0.4000; the lowest NO level 0.4500 on the YES scale is the YES ask.
  const yes: [string, string][] = [['0.3000', '5.00'], ['0.4000', '10.00']];
  const no: [string, string][] = [['0.4500', '7.00'], ['0.6000', '2.00']];

  it('a YES bid at the ask touches: applied, spread 0, nothing reported', () => {
    const r = afterOne(true, yes, no, 'yes', '0.4500');
    expect(r.violations).toEqual([]);
    expect(r.last.status).toBe('live');
    expect(r.last.bestYesBid).toBe(4500);
    expect(r.last.impliedYesAsk).toBe(4500);
    expect(r.last.spread).toBe(0);
  });

  it('a YES bid one subpenny through the ask is crossed: the book goes stale', () => {
    const r = afterOne(true, yes, no, 'yes', '0.4501');
    expect(r.violations).toEqual(['crossed']);
    expect(r.last.status).toBe('stale');
    expect(r.last.bestYesBid).toBe(4000);
  });

  it('a NO level at the best YES bid touches; one subpenny below it is crossed', () => {
    const touch = afterOne(true, yes, no, 'no', '0.4000');
    expect(touch.violations).toEqual([]);
    expect(touch.last.bestNoBid).toBe(6000); // 1 − 0.4000 on the NO scale
    expect(touch.last.spread).toBe(0);
    const through = afterOne(true, yes, no, 'no', '0.3999');
    expect(through.violations).toEqual(['crossed']);
    expect(through.last.status).toBe('stale');
  });

  it('a new level away from the other side is no violation on either side', () => {
    expect(afterOne(true, yes, no, 'yes', '0.2000').violations).toEqual([]);
    expect(afterOne(true, yes, no, 'no', '0.7000').violations).toEqual([]);
  });

  it('against an empty other side nothing can cross', () => {
    expect(afterOne(true, yes, [], 'yes', '0.9900').violations).toEqual([]);
    expect(afterOne(true, [], no, 'no', '0.0100').violations).toEqual([]);
    expect(afterOne(true, [], [], 'no', '0.0100').last.bestNoBid).toBe(9900);
    expect(afterOne(false, yes, [], 'yes', '0.9900').violations).toEqual([]);
    expect(afterOne(false, [], no, 'no', '0.9900').violations).toEqual([]);
  });

  it('depth, top and best prices read the NO side from its lowest YES-scale price', () => {
    const { last } = afterOne(true, yes, no, 'no', '0.5000');
    expect(last.top('no', 2)).toEqual([[4500, 700], [5000, 100]]);
    expect(last.depthAtOrBetter('no', P(4500))).toBe(700);
    expect(last.depthAtOrBetter('no', P(5000))).toBe(800);
    expect(last.depthAtOrBetter('no', P(4499))).toBe(0);
    expect(last.depthAtOrBetter('yes', P(4000))).toBe(1000);
    expect(last.depthAtOrBetter('yes', P(3000))).toBe(1500);
    expect(last.bestNoBid).toBe(5500);
    expect(last.impliedYesAsk).toBe(4500);
    expect(last.spread).toBe(500);
  });
});

describe('NO-leg prices (default): best YES + best NO stays at or under $1.00', () => {
  const yes: [string, string][] = [['0.4000', '10.00']];
  const no: [string, string][] = [['0.5500', '7.00']];

  it('a YES bid that makes the sum exactly 1.00 touches; one subpenny more is crossed', () => {
    const touch = afterOne(false, yes, no, 'yes', '0.4500');
    expect(touch.violations).toEqual([]);
    expect(touch.last.spread).toBe(0);
    const through = afterOne(false, yes, no, 'yes', '0.4501');
    expect(through.violations).toEqual(['crossed']);
  });

  it('a NO bid that makes the sum exactly 1.00 touches; one subpenny more is crossed', () => {
    expect(afterOne(false, yes, no, 'no', '0.6000').violations).toEqual([]);
    expect(afterOne(false, yes, no, 'no', '0.6001').violations).toEqual(['crossed']);
  });

  it('NO-leg depth and top read from the highest price', () => {
    const { last } = afterOne(false, yes, no, 'no', '0.5000');
    expect(last.top('no', 1)).toEqual([[5500, 700]]);
    expect(last.depthAtOrBetter('no', P(5000))).toBe(800);
    expect(last.depthAtOrBetter('no', P(5001))).toBe(700);
    expect(last.bestNoBid).toBe(5500);
  });

  it('the check can be switched off', () => {
    const books: OrderBook[] = [];
    from([data(snapshotFrame(1, 1, 'M', yes, no)), data(deltaFrame(1, 2, 'M', '0.9000', '1.00'))] as any[])
      .pipe(toOrderBook('M', { checkCrossed: false })).subscribe((b) => books.push(b));
    expect(books.at(-1)!.bestYesBid).toBe(9000);
    expect(books.at(-1)!.status).toBe('live');
  });
});
