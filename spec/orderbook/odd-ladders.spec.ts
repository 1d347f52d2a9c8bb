// Snapshot ladders as they may come off the wire: levels with extra components, descending
// order, a price listed twice. The book a user gets is the same ascending, exact book.
import { describe, expect, it } from 'vitest';
import type { OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { bookFromSnapshot } from '../../lib/orderbook/order-book.js';
import { decodeFrame } from '../../lib/protocol/decode-frame.js';

function snapshotText(yes: unknown, no: unknown): string {
  return JSON.stringify({ type: 'orderbook_snapshot', sid: 3, seq: 1, msg: { market_ticker: 'M', market_id: '', yes_dollars_fp: yes, no_dollars_fp: no } });
}

function book(text: string, useYesPrice = false) {
  const f = decodeFrame(text);
  if (f.kind !== 'data') throw new Error(`not data: ${f.kind}`);
  return bookFromSnapshot(f.message as OrderbookSnapshot, useYesPrice);
}

describe('odd ladder levels', () => {
  it('drops extra components of a level', () => {
    const b = book(snapshotText([['0.4000', '10.00', 'x', 7]], [['0.5000', '5.00', null]]));
    expect(b.yes).toEqual([['0.4000', '10.00']]);
    expect(b.no).toEqual([['0.5000', '5.00']]);
    expect(b.total('yes')).toBe(1000);
  });

  it('reads a descending ladder as the ascending book', () => {
    const b = book(snapshotText([['0.4200', '1.00'], ['0.4100', '2.00'], ['0.0100', '3.00']], [['0.5900', '4.00'], ['0.5000', '5.00']]));
    expect(b.yes).toEqual([['0.0100', '3.00'], ['0.4100', '2.00'], ['0.4200', '1.00']]);
    expect(b.bestYesBid).toBe(4200);
    expect(b.bestNoBid).toBe(5900);
    expect(b.top('yes', 2)).toEqual([[4200, 100], [4100, 200]]);
  });

  it('keeps the last of a price listed twice (one level, not two)', () => {
    const b = book(snapshotText([['0.4000', '10.00'], ['0.3000', '1.00'], ['0.4000', '6.00']], []));
    expect(b.yes).toEqual([['0.3000', '1.00'], ['0.4000', '6.00']]);
    expect(b.levels('yes')).toBe(2);
    expect(b.total('yes')).toBe(700);
    expect(b.quantityAt('yes', 4000 as never)).toBe(600);
  });

  it('a zero-quantity level is no level', () => {
    const b = book(snapshotText([['0.4000', '0.00'], ['0.3000', '2.00']], []));
    expect(b.yes).toEqual([['0.3000', '2.00']]);
    expect(b.levels('yes')).toBe(1);
  });

  it('on the YES scale the lowest NO level is the ask, whatever the ladder order', () => {
    const b = book(snapshotText([['0.4000', '1.00']], [['0.7000', '1.00'], ['0.4500', '2.00'], ['0.5000', '3.00']]), true);
    expect(b.bestNoBid).toBe(5500);
    expect(b.top('no', 3)).toEqual([[4500, 200], [5000, 300], [7000, 100]]);
  });

  it('a level with a missing component is a decode error, not a level', () => {
    expect(decodeFrame(snapshotText([['0.4000']], [])).kind).not.toBe('data');
  });
});
