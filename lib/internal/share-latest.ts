/**
 * `shareLatest`: ref-counted multicast of one source with a replay of its latest value to late
 * subscribers, and a callback when the last subscriber leaves. What `share({ connector:
 * ReplaySubject(1), reset… })` plus `finalize` do, in one layer: order books pass every
 * emission through it, so the per-value path is a plain loop.
 */
import { Observable, type Subscriber, type Subscription } from 'rxjs';

/** Shares `source` among subscribers, replaying the latest value; `onReset` runs when the last one leaves or the source ends. */
export function shareLatest<T>(source: Observable<T>, onReset: () => void): Observable<T> {
  let subscribers: Subscriber<T>[] = [];
  let connection: Subscription | undefined;
  let connected = false;
  let has = false;
  let latest: T | undefined;
  const reset = (): void => {
    connected = false;
    connection = undefined;
    has = false;
    latest = undefined;
    onReset();
  };
  return new Observable<T>((subscriber) => {
    subscribers = [...subscribers, subscriber];
    if (has) subscriber.next(latest as T);
    if (!connected) {
      connected = true;
      const c = source.subscribe({
        next: (value) => {
          has = true;
          latest = value;
          const current = subscribers;
          for (let i = 0; i < current.length; i++) (current[i] as Subscriber<T>).next(value);
        },
        error: (e: unknown) => {
          const current = subscribers;
          subscribers = [];
          reset();
          for (const s of current) s.error(e);
        },
        complete: () => {
          const current = subscribers;
          subscribers = [];
          reset();
          for (const s of current) s.complete();
        },
      });
      // The source may have ended (or everyone left) while subscribing.
      if (connected) connection = c;
      else c.unsubscribe();
    }
    return () => {
      subscribers = subscribers.filter((s) => s !== subscriber);
      if (subscribers.length === 0 && connected) {
        const c = connection;
        reset();
        c?.unsubscribe();
      }
    };
  });
}
