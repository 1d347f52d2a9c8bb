import { TestScheduler } from 'rxjs/testing';
import { map, NEVER, startWith } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { perMarket } from '../../lib/operators/per-market.js';

describe('perMarket', () => {
  it('keeps one inner subscription per market and only adds and removes what changed', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const inner = { A: cold('a---a---a---a'), B: cold('b---b---b---b') };
      const markets$ = hot('x-y------z--|', { x: ['A'], y: ['A', 'B'], z: ['B'] });
      expectObservable(perMarket(markets$, (m) => inner[m as 'A' | 'B'])).toBe('a-b-a-b-a-b---b');
      expectSubscriptions(inner.A.subscriptions).toBe('^--------!');
      expectSubscriptions(inner.B.subscriptions).toBe('--^');
    });
  });

  it('completes when the market set completes and every inner completes', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      expectObservable(perMarket(cold('x|', { x: ['A'] }), () => cold('a|'))).toBe('a|');
      expectObservable(perMarket(NEVER.pipe(startWith(['A'])), (m) => cold('a', { a: m }).pipe(map((x) => x)))).toBe('a', { a: 'A' });
    });
  });
});
