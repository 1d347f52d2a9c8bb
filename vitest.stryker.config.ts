import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The suite as Stryker runs it against each mutant (see stryker.config.mjs, docs/quality.md).
// Left out: spec/cli runs the built `dist/` in a child process and spec/browser drives a
// browser, so no mutant in `lib/` can reach them; spec/docs packs the tarball, runs typedoc and
// type-checks the doc examples (about the docs, not the behaviour; 25 s a run); spec/relay needs
// nats-server and the built `dist/` (which the Stryker sandbox does not have) and runs relays in
// child processes, which no mutant in the sandbox's `lib/` reaches. With KALSHI_MUTATE_SPECS=unit (set by
// scripts/mutate.mjs for folders whose every line the loopback specs also run) the loopback
// specs are left out too: on two cores a surviving mutant would otherwise rerun every
// simulator spec; the score is then what the unit specs catch, a lower bound.
const loopback = ['spec/integration/**', 'spec/simulator/**', 'spec/examples/**', 'spec/testing/**'];
const unitOnly = process.env['KALSHI_MUTATE_SPECS'] === 'unit';
// The spec folders a mutated folder is scored against, when scripts/mutate.mjs narrows them
// (`SPECS` there); otherwise every spec not excluded below.
const include = (process.env['KALSHI_MUTATE_INCLUDE'] ?? '').split(',').filter((g) => g !== '').map((g) => `${g}/*.spec.ts`);
// Caps every fast-check property at this many runs (spec/helpers/prop-runs.ts): each surviving
// mutant reruns every property that covers it, and the 4,000–20,000-run properties of the
// decoder specs were most of a run's time. scripts/mutate.mjs may set it per folder.
const propRuns = process.env['KALSHI_PROP_RUNS'] ?? '500';

// Unit specs first: Stryker stops at the first failing test, so a mutant a unit spec kills
// costs milliseconds instead of a loopback run. spec/lib-modules.spec.ts goes before every other
// file: a mutant that makes a module throw when it loads fails the collection of every spec that
// imports the module, and vitest then stops (bail) with no failing test, which Stryker counts as
// a survivor; that spec loads each module inside a test, so the same mutant fails a test there.
class UnitFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const slow = (f: TestSpecification): number => (f.moduleId.endsWith('/spec/lib-modules.spec.ts') ? -1 : /\/spec\/(integration|simulator|examples|testing)\//.test(f.moduleId) ? 1 : 0);
    return Promise.resolve([...files].sort((a, b) => slow(a) - slow(b) || a.moduleId.localeCompare(b.moduleId)));
  }
}

export default defineConfig({
  test: {
    include: include.length > 0 ? include : ['spec/**/*.spec.ts'],
    exclude: ['spec/cli/**', 'spec/browser/**', 'spec/docs/**', 'spec/relay/**', '**/node_modules/**', ...(unitOnly ? loopback : [])],
    env: { KALSHI_PROP_RUNS: propRuns },
    // Unit specs take well under a second each. A mutant that makes one wait forever (a channel
    // renamed, so a subscription never sees its data) then fails it after 5 s instead of
    // running into Stryker's timeout, which also restarts the test runner (~15 s).
    testTimeout: unitOnly ? 5_000 : 15_000,
    hookTimeout: unitOnly ? 5_000 : 15_000,
    sequence: { sequencer: UnitFirst },
  },
});
