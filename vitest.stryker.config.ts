import { defineConfig } from 'vitest/config';

// The suite as Stryker runs it against each mutant: the specs of `lib/`, without the ones that
// test other artifacts (spec/cli runs the built `dist/` in a child process, spec/browser drives
// a browser), which no mutant in `lib/` can reach.
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: ['spec/cli/**', 'spec/browser/**', '**/node_modules/**'],
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
