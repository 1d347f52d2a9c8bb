// What a user of the operators sees when something ends: an error from upstream (or from one
// market's stream) reaches the subscriber, and completion waits for every market.
import { concat, NEVER, of, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { checkSeq } from '../../lib/operators/check-seq.js';
import { perMarket } from '../../lib/operators/per-market.js';
import { toOrderBook } from '../../lib/operators/to-order-book.js';

function observe<T>(source: import('rxjs').Observable<T>) {
  const seen = { values: [] as T[], error: undefined as unknown, completed: false };
  const sub = source.subscribe({ next: (v) => seen.values.push(v), error: (e: unknown) => { seen.error = e; }, complete: () => { seen.completed = true; } });
  return { seen, sub };
}

describe('errors reach the subscriber', () => {
  const boom = new Error('boom');

  it('checkSeq passes an upstream error on', () => {
    const { seen } = observe(concat(of({ sid: 1, seq: 1 }), throwError(() => boom)).pipe(checkSeq()));
    expect(seen.values).toEqual([{ sid: 1, seq: 1 }]);
    expect(seen.error).toBe(boom);
  });

  it('toOrderBook passes an upstream error on', () => {
    const { seen } = observe(throwError(() => boom).pipe(toOrderBook('M')));
    expect(seen.error).toBe(boom);
  });

  it('perMarket passes on an error of the market set', () => {
    const { seen } = observe(perMarket(throwError(() => boom), () => NEVER));
    expect(seen.error).toBe(boom);
  });

  it('perMarket passes on an error of one market stream', () => {
    const { seen } = observe(perMarket(of(['A', 'B']), (m) => (m === 'B' ? throwError(() => boom) : NEVER)));
    expect(seen.error).toBe(boom);
  });
});

describe('perMarket completion', () => {
  it('does not complete while the market set is still open, even when every market stream has ended', () => {
    const markets$ = new Subject<readonly string[]>();
    const { seen } = observe(perMarket(markets$, (m) => of(m)));
    markets$.next(['A']);
    expect(seen.values).toEqual(['A']);
    expect(seen.completed).toBe(false);
    markets$.complete();
    expect(seen.completed).toBe(true);
  });

  it('completes when the set completes after market streams that ended synchronously', () => {
    const { seen } = observe(perMarket(of(['A', 'B']), (m) => of(m.toLowerCase())));
    expect(seen.values).toEqual(['a', 'b']);
    expect(seen.completed).toBe(true);
  });
});
