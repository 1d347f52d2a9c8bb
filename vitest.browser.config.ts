import { defineConfig } from 'vitest/config';

// `npm run test:browser`: headless Chromium end-to-end (needs /usr/bin/chromium).
export default defineConfig({
  test: { include: ['spec/browser/**/*.e2e.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
