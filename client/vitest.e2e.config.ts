import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the real API (built and started by the global setup) on a real
// PostgreSQL, driven through Debian's Chromium with playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 300_000,
    reporters: ['verbose'],
  },
});
