/**
 * The three {@link SinkPort}s of the public API: `channel()` (bare data), `events()` (every
 * event wrapped as a {@link ChannelEvent}), and the book fold of `orderbook()` (the folder itself).
 *
 * @module
 */
import type { Subscriber } from 'rxjs';
import type { ChannelEvent } from './channel-event.js';
import type { SinkPort } from './sink-port.js';

const ignore = (): void => undefined;

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

/** Bare data messages only (`channel()`). */
export function dataPort<M>(subscriber: Subscriber<M>): SinkPort {
  return { data: (m) => subscriber.next(m as M), status: ignore, problem: ignore, end: endSubscriber(subscriber) };
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
