// Mutation testing (issue 19). Run through `npm run mutate` (scripts/mutate.mjs), which runs
// one folder at a time with its own incremental file; see docs/quality.md for the last scores.
//
// Scope today: lib/protocol, lib/channels, lib/orderbook (without book-folder.ts),
// lib/operators, lib/auth. The connection core (lib/connection, lib/internal,
// lib/orderbook/book-folder.ts) is being redesigned (issue 14); `npm run mutate:core` runs it
// and is meant to be run after that redesign lands (see CORE in scripts/mutate.mjs).

// scripts/mutate.mjs sets these per folder; without them the run covers every scoped folder.
const folder = process.env.KALSHI_MUTATE_FOLDER ?? 'all';
const globs = process.env.KALSHI_MUTATE_GLOBS?.split(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  checkers: ['typescript'],
  // The checker compiles lib/ and the type tests (spec/types, tsconfig.stryker.json): a mutant
  // is valid when the library compiles and its public types are still the ones the type tests
  // state (a type test that fails kills it as a compile error). With all of spec/, bench/ and
  // examples/ in the program the checker was the bottleneck (each channel mutant re-checked
  // every spec that imports the channel table). For lib/protocol and lib/channels, which
  // everything imports, scripts/mutate.mjs narrows it further to those two folders and the
  // open-enum type test (tsconfig.stryker-decode.json; see docs/quality.md).
  tsconfigFile: process.env.KALSHI_MUTATE_TSCONFIG ?? 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine has two cores shared with other engineers' test runs.
  concurrency: 1,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${folder}.json`,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  htmlReporter: { fileName: `reports/mutation/${folder}.html` },
  // One sandbox directory per folder, so two folders can run at once.
  tempDirName: `.stryker-tmp/${folder}`,
  cleanTempDir: 'always',
  // Build output is not source: `.spec-build/` (bundles the example and CLI specs write, ~6 MB)
  // was copied into every sandbox.
  ignorePatterns: ['dist', 'build-bench', '.spec-build', 'coverage', 'docs/api', 'reports'],
  mutate: globs ?? [
    'lib/protocol/**/*.ts',
    'lib/channels/**/*.ts',
    'lib/orderbook/**/*.ts',
    '!lib/orderbook/book-folder.ts',
    'lib/operators/**/*.ts',
    'lib/auth/**/*.ts',
  ],
};
