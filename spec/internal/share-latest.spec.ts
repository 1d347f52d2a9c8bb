import { type Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type LatestProducer, type LatestSink, shareLatest } from '../../lib/internal/share-latest.js';

/** A producer that forwards an Observable (what the specs drive it with). */
const from = <T>(source: Observable<T>): LatestProducer<T> => (sink) => {
  const s = source.subscribe(sink);
  return () => s.unsubscribe();
};

describe('shareLatest', () => {
  it('subscribes the source once, replays the latest value to late subscribers, resets when the last leaves', () => {
    let resets = 0;
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-e-|');
      const shared = shareLatest(from(source), () => { resets++; });
      expectObservable(shared, '^------!').toBe('-a-b-c-');
      expectObservable(shared, '----^------!').toBe('----bc-d-e-');
      expectObservable(shared, '------------^--!').toBe('-------------a-');
      expectSubscriptions(source.subscriptions).toBe(['^----------!', '------------^--!']);
    });
    expect(resets).toBe(2);
  });

  it('passes errors and completion to every subscriber', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const shared = shareLatest(from(cold('-a-#')), () => undefined);
      expectObservable(shared).toBe('-a-#');
      expectObservable(shared).toBe('-a-#');
      const done = shareLatest(from(cold('a|')), () => undefined);
      expectObservable(done).toBe('a|');
    });
  });
  it('a subscriber that leaves on a synchronous first value (take(1)) unsubscribes the source once it is subscribed', () => {
    let teardowns = 0;
    let resets = 0;
    const produce: LatestProducer<number> = (sink) => {
      sink.next(1);
      return () => teardowns++;
    };
    const values: number[] = [];
    shareLatest(produce, () => resets++).pipe(take(1)).subscribe((v) => values.push(v));
    expect(values).toEqual([1]);
    expect(teardowns).toBe(1);
    expect(resets).toBe(1);
  });

  it('a producer that ends while it starts is torn down once it returns, and what it pushes afterwards is ignored', () => {
    let teardowns = 0;
    let resets = 0;
    let late: ((v: number) => void) | undefined;
    const produce: LatestProducer<number> = (sink) => {
      sink.next(1);
      sink.complete();
      late = (v) => sink.next(v);
      return () => teardowns++;
    };
    const seen: string[] = [];
    shareLatest(produce, () => resets++).subscribe({ next: (v) => seen.push(`${v}`), complete: () => seen.push('|') });
    late?.(2);
    expect(seen).toEqual(['1', '|']);
    expect(teardowns).toBe(1);
    expect(resets).toBe(1);
  });

  it('an ended producer is torn down after its subscribers heard the end, and a new subscriber starts it again', () => {
    const log: string[] = [];
    let sinks = 0;
    let end: ((e: unknown) => void) | undefined;
    const shared = shareLatest<number>((sink) => {
      sinks++;
      sink.next(sinks);
      end = (e) => sink.error(e);
      return () => log.push('teardown');
    }, () => log.push('reset'));
    shared.subscribe({ next: (v) => log.push(`a${v}`), error: () => log.push('a#') });
    shared.subscribe({ next: (v) => log.push(`b${v}`), error: () => log.push('b#') });
    end?.(new Error('x'));
    shared.subscribe({ next: (v) => log.push(`c${v}`) });
    expect(log).toEqual(['a1', 'b1', 'reset', 'a#', 'b#', 'teardown', 'c2']);
  });
  it('the sink of a dropped connection is dead: a value, an error or a completion pushed after the last subscriber left reaches nobody, not even the next subscriber', () => {
    const sinks: LatestSink<number>[] = [];
    let resets = 0;
    let teardowns = 0;
    const shared = shareLatest<number>((sink) => {
      sinks.push(sink);
      sink.next(10 * sinks.length);
      return () => teardowns++;
    }, () => resets++);
    shared.subscribe().unsubscribe();
    expect([resets, teardowns]).toEqual([1, 1]);
    const old = sinks[0] as LatestSink<number>;
    old.next(99);
    old.error(new Error('late'));
    old.complete();
    const seen: string[] = [];
    shared.subscribe({ next: (v) => seen.push(`${v}`), error: () => seen.push('#'), complete: () => seen.push('|') });
    // The second connection's first value only: no replay of 99, no second reset or teardown.
    expect(seen).toEqual(['20']);
    expect([resets, teardowns]).toEqual([1, 1]);
  });
});
