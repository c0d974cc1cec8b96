import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/environment.ts'],
    testTimeout: 60_000,
    // A live-collector test's beforeAll builds the cloud clients and scans a fake: seconds on a loaded machine.
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/setup/html-viewer.ts'],
  },
});
