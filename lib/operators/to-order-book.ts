/**
 * `toOrderBook`: folds one market's `orderbook_delta` channel events into immutable
 * {@link OrderBook} values, never emitting a book built on a stale base.
 *
 * @module
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { type BookFoldOptions, BookFolder, type BookInput } from '../orderbook/book-folder.js';
import type { OrderBook } from '../orderbook/order-book.js';

export type { BookInput } from '../orderbook/book-folder.js';

/** Options of {@link toOrderBook}. */
export type ToOrderBookOptions = BookFoldOptions;

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
export function toOrderBook(marketTicker: string, options: ToOrderBookOptions = {}): OperatorFunction<BookInput, OrderBook> {
  return (source) => new Observable<OrderBook>((subscriber) => {
    const folder = new BookFolder(marketTicker, options, subscriber);
    return source.subscribe({
      next: (input) => folder.push(input),
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
  });
}
