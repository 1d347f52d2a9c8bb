/**
 * `toOrderBook`: folds one market's `orderbook_delta` channel events into immutable
 * {@link OrderBook} values, never emitting a book built on a stale base.
 *
 * @module
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { OrderbookDelta, OrderbookSnapshot } from '../channels/orderbook-delta.js';
import type { ChannelEvent } from '../connection/channel-event.js';
import { applyDelta, type BookBase, type BookViolation, bookFromSnapshot, type OrderBook } from '../orderbook/order-book.js';

/** Messages `toOrderBook` reads: `events()` values, or bare messages (e.g. from `channel()`, without continuity status). */
export type BookInput = ChannelEvent<OrderbookSnapshot | OrderbookDelta | { readonly type: string }> | OrderbookSnapshot | OrderbookDelta;

/** Options of {@link toOrderBook}. */
export interface ToOrderBookOptions {
  /** The subscription used `use_yes_price` (default false). */
  readonly useYesPrice?: boolean;
  /** Called when a delta breaks a book invariant; the book is stale until the next snapshot. */
  readonly onViolation?: (violation: BookViolation) => void;
  /** Check best yes + best no ≤ $1.00 after each added level (default true). */
  readonly checkCrossed?: boolean;
}

/**
 * Builds the book of `marketTicker` from channel events. Emits after the snapshot and after
 * every applied delta. On a gap, a drop or a broken invariant it re-emits the last good book
 * once with `status: 'stale'` and then stays silent until a fresh snapshot rebuilds it
 * (`base` says why: `'resync'`, `'reconnect'`, `'resubscribe'`).
 *
 * ```
 * events:  --S--d--d--(gap)-----S'--d--
 * books:   --a--b--c--c(stale)--e--f--
 * ```
 *
 * @example
 * connection.events('orderbook_delta', { market_ticker: 'X' }).pipe(toOrderBook('X'))
 * // or, without continuity status: connection.channel('orderbook_delta', …).pipe(toOrderBook('X'))
 */
export function toOrderBook(
  marketTicker: string,
  options: ToOrderBookOptions = {},
): OperatorFunction<BookInput, OrderBook> {
  const useYesPrice = options.useYesPrice ?? false;
  const checkCrossed = options.checkCrossed ?? true;
  return (source) => new Observable<OrderBook>((subscriber) => {
    let book: OrderBook | undefined;
    let suspect = true;
    let nextBase: BookBase = 'snapshot';
    const goStale = (base: BookBase): void => {
      nextBase = base;
      if (suspect) return;
      suspect = true;
      if (book !== undefined) {
        book = book.with('stale');
        subscriber.next(book);
      }
    };
    return source.subscribe({
      next: (input) => {
        // A bare message has a `type` (an own property: a fast load on the hot path); an event has none.
        const event = (input as { readonly type?: string }).type === undefined ? (input as ChannelEvent<OrderbookSnapshot | OrderbookDelta>) : undefined;
        if (event !== undefined && event.kind === 'status') {
          const s = event.status;
          if (s.state === 'gap' || (s.state === 'resyncing' && s.markets.includes(marketTicker))) goStale('resync');
          else if (s.state === 'disconnected') goStale('reconnect');
          else if (s.state === 'resubscribed') nextBase = 'resubscribe';
          return;
        }
        if (event !== undefined && event.kind !== 'data') return;
        const message = event === undefined ? (input as OrderbookSnapshot | OrderbookDelta) : event.message;
        if (message.type === 'orderbook_snapshot') {
          const snap = message as OrderbookSnapshot;
          if (snap.msg.market_ticker !== marketTicker) return;
          book = bookFromSnapshot(snap, useYesPrice, nextBase);
          suspect = false;
          subscriber.next(book);
          return;
        }
        if (message.type !== 'orderbook_delta') return;
        const delta = message as OrderbookDelta;
        if (delta.msg.market_ticker !== marketTicker || suspect || book === undefined) return;
        const result = applyDelta(book, delta, checkCrossed);
        if (result.ok) {
          book = result.book;
          subscriber.next(book);
          return;
        }
        goStale('resync');
        options.onViolation?.(result.violation);
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
  });
}
