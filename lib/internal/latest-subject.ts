/**
 * A subject that replays its latest value to new subscribers: the `share()` connector of order
 * books, which sees every book emission. Like `ReplaySubject(1)` without its buffer bookkeeping,
 * like `BehaviorSubject` without an initial value, and a plain loop over its observers.
 */
import { type Observer, type SubjectLike, Subscription } from 'rxjs';

/** Creates a subject that replays the latest value (if any) to each new subscriber. */
export function latestSubject<T>(): SubjectLike<T> {
  let observers: Partial<Observer<T>>[] = [];
  let has = false;
  let latest: T | undefined;
  let done: { readonly error: unknown } | 'complete' | undefined;
  return {
    next(value: T): void {
      if (done !== undefined) return;
      has = true;
      latest = value;
      const current = observers;
      for (let i = 0; i < current.length; i++) current[i]?.next?.(value);
    },
    error(error: unknown): void {
      if (done !== undefined) return;
      done = { error };
      const current = observers;
      observers = [];
      for (const o of current) o.error?.(error);
    },
    complete(): void {
      if (done !== undefined) return;
      done = 'complete';
      const current = observers;
      observers = [];
      for (const o of current) o.complete?.();
    },
    subscribe(observer: Partial<Observer<T>>): Subscription {
      if (done === 'complete') {
        observer.complete?.();
        return Subscription.EMPTY;
      }
      if (done !== undefined) {
        observer.error?.(done.error);
        return Subscription.EMPTY;
      }
      // Copy on write, so a subscriber joining or leaving during next() does not disturb the loop.
      observers = [...observers, observer];
      if (has) observer.next?.(latest as T);
      return new Subscription(() => {
        observers = observers.filter((o) => o !== observer);
      });
    },
  } as SubjectLike<T>;
}
