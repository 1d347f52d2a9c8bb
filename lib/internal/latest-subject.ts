/**
 * A subject that replays its latest value to new subscribers: the `share()` connector of order
 * books. Like `ReplaySubject(1)` without its buffer bookkeeping on every value, and like
 * `BehaviorSubject` without an initial value.
 */
import { Subject, type Observer, type SubjectLike, type Subscription } from 'rxjs';

/** Creates a subject that replays the latest value (if any) to each new subscriber. */
export function latestSubject<T>(): SubjectLike<T> {
  const inner = new Subject<T>();
  let has = false;
  let latest: T | undefined;
  return {
    next: (value: T) => {
      has = true;
      latest = value;
      inner.next(value);
    },
    error: (e: unknown) => inner.error(e),
    complete: () => inner.complete(),
    subscribe: (observer: Partial<Observer<T>>): Subscription => {
      const subscription = inner.subscribe(observer);
      if (has && !subscription.closed) observer.next?.(latest as T);
      return subscription;
    },
  } as SubjectLike<T>;
}
