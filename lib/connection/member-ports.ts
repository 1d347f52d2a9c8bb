/**
 * The three {@link SinkPort}s of the public API: `channel()` (bare data), `events()` (every
 * event wrapped as a {@link ChannelEvent}), and the book fold of `orderbook()` (the folder itself).
 *
 * @module
 */
import type { Subscriber } from 'rxjs';
import type { ChannelEvent } from './channel-event.js';
import type { DataReceiver, SinkPort } from './sink-port.js';

/** What {@link endSubscriber} ends: an rxjs subscriber, or a shared book's sink. */
export interface Endable {
  error(error: unknown): void;
  complete(): void;
}

/** Ends an rxjs subscriber (or a sink): complete without an error, error with one. */
export const endSubscriber = (subscriber: Endable) => (error?: unknown): void => {
  if (error === undefined) subscriber.complete();
  else subscriber.error(error);
};

/**
 * The port of `channel()`: the subscriber in a field of the port, so a delivery touches one
 * object instead of a closure and its context (each out of cache when a stream spreads over a
 * thousand markets).
 */
class DataPort<M> implements SinkPort {
  /** Deliveries go to the subscriber itself. */
  readonly receiver: DataReceiver;

  constructor(private readonly subscriber: Subscriber<M>) {
    this.receiver = subscriber;
  }

  data(message: unknown): void {
    this.subscriber.next(message as M);
  }

  status(): void {}

  problem(): void {}

  end(error?: unknown): void {
    endSubscriber(this.subscriber)(error);
  }
}

/** Bare data messages only (`channel()`). */
export function dataPort<M>(subscriber: Subscriber<M>): SinkPort {
  return new DataPort(subscriber);
}

/** Data, status and problems in order, as `ChannelEvent`s (`events()`). */
export function eventPort<M>(subscriber: Subscriber<ChannelEvent<M>>): SinkPort {
  return {
    data: (message) => subscriber.next({ kind: 'data', message: message as M }),
    status: (status) => subscriber.next({ kind: 'status', status }),
    problem: (problem) => subscriber.next(problem),
    end: endSubscriber(subscriber),
  };
}
