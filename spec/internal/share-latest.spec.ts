import { Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { shareLatest } from '../../lib/internal/share-latest.js';

describe('shareLatest', () => {
  it('subscribes the source once, replays the latest value to late subscribers, resets when the last leaves', () => {
    let resets = 0;
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-e-|');
      const shared = shareLatest(source, () => { resets++; });
      expectObservable(shared, '^------!').toBe('-a-b-c-');
      expectObservable(shared, '----^------!').toBe('----bc-d-e-');
      expectObservable(shared, '------------^--!').toBe('-------------a-');
      expectSubscriptions(source.subscriptions).toBe(['^----------!', '------------^--!']);
    });
    expect(resets).toBe(2);
  });

  it('passes errors and completion to every subscriber', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const shared = shareLatest(cold('-a-#'), () => undefined);
      expectObservable(shared).toBe('-a-#');
      expectObservable(shared).toBe('-a-#');
      const done = shareLatest(cold('a|'), () => undefined);
      expectObservable(done).toBe('a|');
    });
  });
  it('a subscriber that leaves on a synchronous first value (take(1)) unsubscribes the source once it is subscribed', () => {
    let teardowns = 0;
    let resets = 0;
    const source = new Observable<number>((s) => {
      s.next(1);
      return () => teardowns++;
    });
    const values: number[] = [];
    shareLatest(source, () => resets++).pipe(take(1)).subscribe((v) => values.push(v));
    expect(values).toEqual([1]);
    expect(teardowns).toBe(1);
    expect(resets).toBe(1);
  });
});
