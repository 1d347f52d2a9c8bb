/**
 * A small strategy to test: alert when the spread of a live book widens beyond a threshold
 * (once per widening; books with a stale base are ignored).
 */
import { distinctUntilChanged, filter, map, type OperatorFunction } from 'rxjs';
import type { OrderBook, Price } from '../lib/index.js';

/** One alert: the market and its spread (1/10,000 dollar) when it widened. */
export interface SpreadAlert {
  readonly market: string;
  readonly spread: Price;
}

/** Emits a {@link SpreadAlert} each time a live book's spread goes above `threshold`. */
export function spreadAlerts(threshold: Price): OperatorFunction<OrderBook, SpreadAlert> {
  return (books$) =>
    books$.pipe(
      filter((b) => b.status === 'live' && b.spread !== undefined),
      map((b) => ({ market: b.marketTicker, spread: b.spread as Price, wide: (b.spread as Price) > threshold })),
      distinctUntilChanged((a, b) => a.wide === b.wide),
      filter((x) => x.wide),
      map(({ market, spread }) => ({ market, spread })),
    );
}
