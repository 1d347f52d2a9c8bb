/**
 * The number of runs for a fast-check property: `n`, or at most `KALSHI_PROP_RUNS` when that is
 * set. Only the mutation runs set it (vitest.stryker.config.ts, see docs/quality.md): there each
 * surviving mutant reruns every property that covers it, and the large properties dominate the
 * run time. `npm test` always uses `n`. With a fixed seed the capped run checks the first cases
 * of the same sequence.
 */
export function propRuns(n: number): number {
  const cap = Number(process.env['KALSHI_PROP_RUNS']);
  return Number.isInteger(cap) && cap > 0 ? Math.min(n, cap) : n;
}
