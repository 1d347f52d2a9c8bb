/**
 * An exact, immutable order book of one Kalshi market: the resting bids of each side,
 * integer-scaled, with accessors for the numbers traders use.
 *
 * @module
 */
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import { type Count, formatCount, formatPrice, type Price, PRICE_SCALE } from '../protocol/fixed-point.js';
import {
  levelChangeFound, levelCount, levelEntries, levelFind, levelGet, levelMax, levelMin, levelsFrom, levelsFromBottom, levelsFromTop, levelSumFrom, levelSumTo, levelTotal, type LevelTree,
} from './level-tree.js';

/** `'yes'` or `'no'`. */
export type BookSide = 'yes' | 'no';

/** Where a book's current base came from. */
export type BookBase = 'snapshot' | 'resync' | 'reconnect' | 'resubscribe';

/** A book invariant that a message broke (Kalshi sends no checksum; these stand in for one). */
export interface BookViolation {
  readonly marketTicker: string;
  readonly kind: 'negative-level' | 'unknown-level-removed' | 'crossed';
  readonly detail: string;
}

// Formatted levels are computed on first access and kept beside the book (not in it), so books
// built on the hot path carry no cache fields.
const formatted = new WeakMap<OrderBook, { yes?: [string, string][]; no?: [string, string][] }>();

function formattedLevels(book: OrderBook, side: BookSide): readonly (readonly [string, string])[] {
  let entry = formatted.get(book);
  if (entry === undefined) formatted.set(book, (entry = {}));
  return (entry[side] ??= levelEntries(side === 'yes' ? book.yesTree : book.noTree).map(([p, q]) => [formatPrice(p as Price), formatCount(q as Count)]));
}

/**
 * An immutable order book. `yes` and `no` are the resting bids of each side ascending by
 * price, as `[price, quantity]` strings exactly as a fresh `orderbook_snapshot` shows them,
 * so a book compares directly with the exchange's snapshot.
 */
export class OrderBook {

  /** @internal Use {@link bookFromSnapshot}. */
  constructor(
    readonly marketTicker: string,
    /** NO levels are on the YES price scale (`use_yes_price`). */
    readonly useYesPrice: boolean,
    /** @internal */ readonly yesTree: LevelTree,
    /** @internal */ readonly noTree: LevelTree,
    /** The `seq` of the last message applied. */
    readonly seq: number | undefined,
    /** How the current base was obtained: a first snapshot, or a resync after a gap, reconnect or resubscribe. */
    readonly base: BookBase,
    /** `'live'`: built on a consistent base; `'stale'`: the base is suspect (the last good book, re-emitted once when a gap or drop is detected). */
    readonly status: 'live' | 'stale',
  ) {}

  /** Resting YES bids ascending, as `[price, qty]` strings (`"0.5600"`, `"146.00"`). */
  get yes(): readonly (readonly [string, string])[] {
    return formattedLevels(this, 'yes');
  }

  /** Resting NO bids ascending, as `[price, qty]` strings (on the YES scale with `useYesPrice`). */
  get no(): readonly (readonly [string, string])[] {
    return formattedLevels(this, 'no');
  }

  /** Best YES bid, or undefined when the side is empty. */
  get bestYesBid(): Price | undefined {
    return levelMax(this.yesTree) as Price | undefined;
  }

  /** Best NO bid on the NO scale, or undefined when the side is empty. */
  get bestNoBid(): Price | undefined {
    if (!this.useYesPrice) return levelMax(this.noTree) as Price | undefined;
    const min = levelMin(this.noTree);
    return min === undefined ? undefined : ((PRICE_SCALE - min) as Price);
  }

  /** Implied YES ask: $1.00 − best NO bid. */
  get impliedYesAsk(): Price | undefined {
    const bestNo = this.bestNoBid;
    return bestNo === undefined ? undefined : ((PRICE_SCALE - bestNo) as Price);
  }

  /** Implied YES ask − best YES bid, or undefined when a side is empty. */
  get spread(): Price | undefined {
    const ask = this.impliedYesAsk;
    const bid = this.bestYesBid;
    return ask === undefined || bid === undefined ? undefined : ((ask - bid) as Price);
  }

  /** Quantity resting at `price` on `side` (price on that side's scale). */
  quantityAt(side: BookSide, price: Price): Count {
    return levelGet(side === 'yes' ? this.yesTree : this.noTree, price) as Count;
  }

  /**
   * Cumulative bid quantity at `price` or better on `side` (better = higher for YES and for
   * NO-leg prices; lower for NO levels on the YES scale).
   */
  depthAtOrBetter(side: BookSide, price: Price): Count {
    if (side === 'yes') return levelSumFrom(this.yesTree, price) as Count;
    return (this.useYesPrice ? levelSumTo(this.noTree, price) : levelSumFrom(this.noTree, price)) as Count;
  }

  /**
   * The best `n` bids of a side, best first, as exact `[price, quantity]` integers: highest
   * price first for YES and for NO-leg prices, lowest first for NO levels on the YES scale.
   *
   * @example
   * book.top('yes', 5) // [[5600, 14600], [5500, 300], …]
   */
  top(side: BookSide, n: number): [Price, Count][] {
    const levels = side === 'no' && this.useYesPrice ? levelsFromBottom(this.noTree, n) : levelsFromTop(side === 'yes' ? this.yesTree : this.noTree, n);
    return levels as [Price, Count][];
  }

  /** Number of levels on a side. */
  levels(side: BookSide): number {
    return levelCount(side === 'yes' ? this.yesTree : this.noTree);
  }

  /** Total resting quantity on a side. */
  total(side: BookSide): Count {
    return levelTotal(side === 'yes' ? this.yesTree : this.noTree) as Count;
  }

  /** The same book with another status/base (shares all levels). */
  with(status: 'live' | 'stale', base: BookBase = this.base): OrderBook {
    return new OrderBook(this.marketTicker, this.useYesPrice, this.yesTree, this.noTree, this.seq, base, status);
  }
}

/** Builds a book from an `orderbook_snapshot` (newest fields; legacy integer-cent fields as fallback). */
export function bookFromSnapshot(snapshot: OrderbookSnapshot, useYesPrice: boolean, base: BookBase = 'snapshot', convertNoLeg = false): OrderBook {
  const m = snapshot.msg;
  const legacy = (levels: [number, number][] | undefined): [number, number][] => (levels ?? []).map(([c, n]) => [c * 100, n * 100]);
  const yes = m.yes_dollars_fp ?? legacy(m.yes);
  const noLevels = m.no_dollars_fp ?? legacy(m.no);
  const no = convertNoLeg ? noLevels.map(([p, q]) => [PRICE_SCALE - p, q] as [number, number]) : noLevels;
  return new OrderBook(m.market_ticker, useYesPrice, levelsFrom(yes), levelsFrom(no), snapshot.seq, base, 'live');
}

/** Whether a bid added at `price` on `side` would sit above the implied ask of the other side. */
function crosses(book: OrderBook, side: BookSide, price: number): boolean {
  if (side === 'yes') {
    if (book.useYesPrice) {
      const ask = levelMin(book.noTree);
      return ask !== undefined && price > ask;
    }
    const bestNo = levelMax(book.noTree);
    return bestNo !== undefined && price + bestNo > PRICE_SCALE;
  }
  const bestYes = levelMax(book.yesTree);
  if (bestYes === undefined) return false;
  return book.useYesPrice ? price < bestYes : price + bestYes > PRICE_SCALE;
}

/** The result of applying a delta: the new book, or the violated invariant. */
export type DeltaResult = { readonly ok: true; readonly book: OrderBook } | { readonly ok: false; readonly violation: BookViolation };

/**
 * Applies one `orderbook_delta` exactly. A level never goes negative; removing from an unknown
 * level is an inconsistency; with NO-leg pricing best YES + best NO stays at or under $1.00.
 */
export function applyDelta(book: OrderBook, delta: OrderbookDelta, checkCrossed = true): DeltaResult {
  return applyLevelChange(book, delta.msg.side, delta.msg.price_dollars, delta.msg.delta_fp, delta.seq, checkCrossed);
}

/**
 * Applies one level change (`price` on the book's own scale for `side`) exactly; what
 * {@link applyDelta} does with a delta's fields.
 */
export function applyLevelChange(book: OrderBook, side: BookSide, price: Price, change: Count, seq: number | undefined, checkCrossed = true): DeltaResult {
  const next = stepBook(book, side, price, change, seq, checkCrossed);
  return next instanceof OrderBook ? { ok: true, book: next } : { ok: false, violation: next };
}

/**
 * {@link applyLevelChange} without the result object: the new book, or the violated invariant
 * (the fold's hot path, one allocation fewer per delta).
 */
export function stepBook(book: OrderBook, side: BookSide, price: Price, change: Count, seq: number | undefined, checkCrossed = true): OrderBook | BookViolation {
  const tree = side === 'yes' ? book.yesTree : book.noTree;
  // One lookup: the level is read here and changed at the place found (levelChangeFound).
  const before = levelFind(tree, price);
  if (before === 0 && change < 0) {
    return { marketTicker: book.marketTicker, kind: 'unknown-level-removed', detail: `delta ${formatCount(change)} at unknown ${side} level ${formatPrice(price)}` };
  }
  const after = before + change;
  if (after < 0) {
    return { marketTicker: book.marketTicker, kind: 'negative-level', detail: `${side} ${formatPrice(price)} would go to ${formatCount(after as Count)}` };
  }
  // Only a new level can cross (a level that already rested was checked when it appeared and
  // the book was consistent since), and only against the best of the other side: one O(log n)
  // lookup, and none at all for quantity changes at existing levels.
  if (checkCrossed && change > 0 && before === 0 && crosses(book, side, price)) {
    return { marketTicker: book.marketTicker, kind: 'crossed', detail: `${side} bid ${formatPrice(price)} crosses the other side` };
  }
  const next = levelChangeFound(tree, price, before, after);
  return side === 'yes'
    ? new OrderBook(book.marketTicker, book.useYesPrice, next, book.noTree, seq, book.base, 'live')
    : new OrderBook(book.marketTicker, book.useYesPrice, book.yesTree, next, seq, book.base, 'live');
}
