// BookFolder as a member's port sees it: which statuses make the book stale (once), what base the
// next snapshot's book names, which messages are not this market's book, and how convertNoLeg
// treats each side. Books are recorded as [status, base, seq] plus levels where it matters.
import { describe, expect, it } from 'vitest';
import type { OrderbookDelta, OrderbookSnapshot } from '../../lib/channels/orderbook-delta.js';
import { BookFolder } from '../../lib/orderbook/book-folder.js';
import type { OrderBook } from '../../lib/orderbook/order-book.js';
import type { Count, Price } from '../../lib/protocol/fixed-point.js';

const snap = (seq: number, market = 'M'): OrderbookSnapshot => ({
  type: 'orderbook_snapshot', sid: 1, seq,
  msg: { market_ticker: market, market_id: 'i', yes_dollars_fp: [[3000 as Price, 500 as Count]], no_dollars_fp: [[6000 as Price, 700 as Count]] },
});
const delta = (seq: number, side: 'yes' | 'no', price: number, change = 100, market = 'M'): OrderbookDelta => ({
  type: 'orderbook_delta', sid: 1, seq, msg: { market_ticker: market, market_id: 'i', side, price_dollars: price as Price, delta_fp: change as Count },
});

function folder(options = {}) {
  const books: OrderBook[] = [];
  const f = new BookFolder('M', options, { next: (b) => { books.push(b); } });
  const seen = () => books.map((b) => [b.status, b.base, b.seq]);
  return { f, books, seen };
}

describe('BookFolder continuity', () => {
  it('a gap makes the book stale once; a second trouble before the snapshot emits nothing more', () => {
    const h = folder();
    h.f.push(snap(1));
    h.f.status({ state: 'gap', sid: 1, expected: 2, received: 5 });
    h.f.status({ state: 'disconnected', reason: 'dropped' });
    h.f.push(delta(6, 'yes', 3000));
    expect(h.seen()).toEqual([['live', 'snapshot', 1], ['stale', 'snapshot', 1]]);
    h.f.push(snap(7));
    expect(h.seen().at(-1)).toEqual(['live', 'reconnect', 7]);
  });

  it('a resync of this market makes it stale and the next book says resync; a resync of another market does nothing', () => {
    const h = folder();
    h.f.push(snap(1));
    h.f.status({ state: 'resyncing', sid: 1, markets: ['OTHER'] });
    expect(h.seen()).toEqual([['live', 'snapshot', 1]]);
    h.f.status({ state: 'resyncing', sid: 1, markets: ['OTHER', 'M'] });
    h.f.push(snap(2));
    expect(h.seen()).toEqual([['live', 'snapshot', 1], ['stale', 'snapshot', 1], ['live', 'resync', 2]]);
  });

  it('after resubscribed the next snapshot\'s book says resubscribe, without a stale book in between', () => {
    const h = folder();
    h.f.push(snap(1));
    h.f.status({ state: 'resubscribed', sid: 2, code: 10 });
    h.f.push(snap(1));
    expect(h.seen()).toEqual([['live', 'snapshot', 1], ['live', 'resubscribe', 1]]);
  });

  it('a snapshot of another market, or another message type, is not this book', () => {
    const h = folder();
    h.f.push(snap(1, 'OTHER'));
    h.f.data({ type: 'orderbook_summary', msg: { market_ticker: 'M' } } as never);
    expect(h.books).toEqual([]);
    h.f.push(snap(1));
    h.f.push(delta(2, 'yes', 3000, 100, 'OTHER'));
    h.f.data({ type: 'orderbook_summary', msg: { market_ticker: 'M' } } as never);
    expect(h.seen()).toEqual([['live', 'snapshot', 1]]);
  });
});

describe('BookFolder scales', () => {
  it('by default the book is on the NO-leg scale, levels as sent', () => {
    const h = folder();
    h.f.push(snap(1));
    expect(h.books[0]!.useYesPrice).toBe(false);
    expect(h.books[0]!.no).toEqual([['0.6000', '7.00']]);
  });

  it('convertNoLeg turns NO prices to the YES scale and leaves YES prices alone', () => {
    const h = folder({ useYesPrice: true, convertNoLeg: true, checkCrossed: false });
    h.f.push(snap(1));
    h.f.push(delta(2, 'yes', 2000));
    h.f.push(delta(3, 'no', 3000));
    const book = h.books.at(-1)!;
    expect(book.yes).toEqual([['0.2000', '1.00'], ['0.3000', '5.00']]);
    expect(book.no).toEqual([['0.4000', '7.00'], ['0.7000', '1.00']]);
  });
});
