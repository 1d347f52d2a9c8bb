/**
 * Marble-test helpers: a `TestScheduler` whose deep-equality assertion is vitest's (or Jest's)
 * `expect(...).toEqual`, or `node:assert` when no `expect` is given.
 *
 * @module
 */
import { deepStrictEqual } from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';

/** The part of vitest's / Jest's `expect` the helpers use. */
export type ExpectLike = (actual: unknown) => {
  /** Deep equality assertion. */
  toEqual(expected: unknown): void;
};

/**
 * A `TestScheduler` asserting with `expect(actual).toEqual(expected)`.
 *
 * @example
 * import { expect } from 'vitest';
 * const scheduler = createTestScheduler(expect);
 * scheduler.run(({ cold, expectObservable }) => {
 *   expectObservable(cold('-a|')).toBe('-a|');
 * });
 */
export function createTestScheduler(expect?: ExpectLike): TestScheduler {
  return new TestScheduler((actual, expected) => {
    if (expect !== undefined) expect(actual).toEqual(expected);
    else deepStrictEqual(actual, expected);
  });
}
