import { defineConfig } from 'vitest/config';

// Type tests (expectTypeOf) live inline in the specs; `npm run typecheck` (tsc over lib and
// spec) is what makes them fail, and .ci/run runs it before the suite.
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
