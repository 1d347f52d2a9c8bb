import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The suite as Stryker runs it against each mutant (see stryker.config.mjs, docs/quality.md).
// Left out: spec/cli runs the built `dist/` in a child process and spec/browser drives a
// browser, so no mutant in `lib/` can reach them. With KALSHI_MUTATE_SPECS=unit (set by
// scripts/mutate.mjs for folders whose every line the loopback specs also run) the loopback
// specs are left out too: on two cores a surviving mutant would otherwise rerun every
// simulator spec; the score is then what the unit specs catch, a lower bound.
const loopback = ['spec/integration/**', 'spec/simulator/**', 'spec/examples/**', 'spec/testing/**'];
const unitOnly = process.env['KALSHI_MUTATE_SPECS'] === 'unit';

// Unit specs first: Stryker stops at the first failing test, so a mutant a unit spec kills
// costs milliseconds instead of a loopback run.
class UnitFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const slow = (f: TestSpecification): number => (/\/spec\/(integration|simulator|examples|testing)\//.test(f.moduleId) ? 1 : 0);
    return Promise.resolve([...files].sort((a, b) => slow(a) - slow(b) || a.moduleId.localeCompare(b.moduleId)));
  }
}

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: ['spec/cli/**', 'spec/browser/**', '**/node_modules/**', ...(unitOnly ? loopback : [])],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    sequence: { sequencer: UnitFirst },
  },
});
