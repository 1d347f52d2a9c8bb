/**
 * Exponential backoff with full jitter.
 *
 * @module
 */

/**
 * The delay before reconnect attempt `attempt` (1-based): uniform in
 * `[0, min(maxMs, initialMs · 2^(attempt-1)))`.
 *
 * @example
 * backoffDelay(3, 250, 30_000, () => 0.5) // 500
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
