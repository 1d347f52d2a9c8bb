/**
 * `perMarket`: follows a changing set of markets, keeping one inner subscription per market,
 * so a set change only adds and removes what changed (which the connection turns into
 * `add_markets` / `delete_markets`).
 *
 * @module
 */
import { Observable, type Subscription } from 'rxjs';

/**
 * Subscribes `project(market)` for each market in the latest set from `markets$`, unsubscribes
 * markets that leave the set, and merges the results.
 *
 * ```
 * markets$: --[A]------[A,B]----[B]---
 * inner:      A on      B on     A off
 * ```
 *
 * @example
 * perMarket(markets$, (m) => connection.channel('ticker', { market_ticker: m }))
 */
export function perMarket<T>(markets$: Observable<readonly string[]>, project: (market: string) => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const inner = new Map<string, Subscription>();
    let outerDone = false;
    const maybeComplete = (): void => {
      if (outerDone && inner.size === 0) subscriber.complete();
    };
    const outer = markets$.subscribe({
      next: (list) => {
        const wanted = new Set(list);
        for (const [m, s] of inner) {
          if (!wanted.has(m)) {
            inner.delete(m);
            s.unsubscribe();
          }
        }
        for (const m of wanted) {
          if (inner.has(m)) continue;
          const s = project(m).subscribe({
            next: (v) => subscriber.next(v),
            error: (e: unknown) => subscriber.error(e),
            complete: () => {
              inner.delete(m);
              maybeComplete();
            },
          });
          if (!s.closed) inner.set(m, s);
        }
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => {
        outerDone = true;
        maybeComplete();
      },
    });
    return () => {
      outer.unsubscribe();
      for (const s of inner.values()) s.unsubscribe();
      inner.clear();
    };
  });
}
