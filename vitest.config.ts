import { defineConfig } from 'vitest/config';

// Runtime specs are `spec/**/*.spec.ts`. Type-only tests (expectTypeOf) are
// `spec/**/*.test-d.ts`: `vitest run` checks them with tsc (typecheck below), so a wrong type
// fails `npm test`; expectTypeOf inside a `.spec.ts` would only ever run as a no-op.
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    typecheck: {
      enabled: true,
      include: ['spec/**/*.test-d.ts'],
      tsconfig: 'tsconfig.json',
    },
  },
});
