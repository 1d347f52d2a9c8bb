/**
 * `shareLatest`: ref-counted multicast of one connected producer with a replay of its latest
 * value to late subscribers, and a callback when the last subscriber leaves. What `share({
 * connector: ReplaySubject(1), reset… })` plus `finalize` do, in one layer, and without an
 * inner Observable: the producer (an order book's fold) pushes straight into the loop over
 * the subscribers, so a value costs one call per subscriber and nothing else.
 */
import { Observable, type Subscriber } from 'rxjs';

/** Where a connected producer pushes: values, then at most one error or completion. */
export interface LatestSink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * The producer behind {@link shareLatest}: started with a sink when the first subscriber comes,
 * returns its teardown (run when the last subscriber leaves, or once it ended the sink).
 */
export type LatestProducer<T> = (sink: LatestSink<T>) => () => void;

/** One connection of the producer: pushes are ignored once it ended or was dropped. */
class Connection<T> implements LatestSink<T> {
  open = true;
  teardown: (() => void) | undefined;

  constructor(private readonly owner: Shared<T>) {}

  next(value: T): void {
    if (this.open) this.owner.push(value);
  }

  error(error: unknown): void {
    if (this.open) this.owner.end(this, (s) => s.error(error));
  }

  complete(): void {
    if (this.open) this.owner.end(this, (s) => s.complete());
  }
}

class Shared<T> {
  subscribers: Subscriber<T>[] = [];
  connection: Connection<T> | undefined;
  has = false;
  latest: T | undefined;

  constructor(private readonly produce: LatestProducer<T>, private readonly onReset: () => void) {}

  push(value: T): void {
    this.has = true;
    this.latest = value;
    const current = this.subscribers;
    for (let i = 0; i < current.length; i++) (current[i] as Subscriber<T>).next(value);
  }

  subscribe(subscriber: Subscriber<T>): () => void {
    this.subscribers = [...this.subscribers, subscriber];
    if (this.has) subscriber.next(this.latest as T);
    if (this.connection === undefined) {
      const c = new Connection(this);
      this.connection = c;
      const teardown = this.produce(c);
      // The producer may have ended (or everyone left) while it started.
      if (c.open) c.teardown = teardown;
      else teardown();
    }
    return () => this.leave(subscriber);
  }

  /** The producer ended: reset, tell every subscriber, then run the producer's teardown. */
  end(c: Connection<T>, tell: (s: Subscriber<T>) => void): void {
    const current = this.subscribers;
    this.subscribers = [];
    this.drop(c, () => {
      for (const s of current) tell(s);
    });
  }

  private leave(subscriber: Subscriber<T>): void {
    this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    const c = this.connection;
    if (this.subscribers.length === 0 && c !== undefined) this.drop(c);
  }

  private drop(c: Connection<T>, then?: () => void): void {
    c.open = false;
    this.connection = undefined;
    this.has = false;
    this.latest = undefined;
    this.onReset();
    then?.();
    const teardown = c.teardown;
    c.teardown = undefined;
    teardown?.();
  }
}

/** Shares what `produce` pushes among subscribers, replaying the latest value; `onReset` runs when the last one leaves or the producer ends. */
export function shareLatest<T>(produce: LatestProducer<T>, onReset: () => void): Observable<T> {
  const shared = new Shared(produce, onReset);
  return new Observable<T>((subscriber) => shared.subscribe(subscriber));
}
