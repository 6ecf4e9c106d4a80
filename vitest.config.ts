import { defineConfig } from 'vitest/config';

// Unit (pure) and integration (real loopback sockets) tests. Playwright specs live in test/e2e and
// are run by `playwright test`, not here.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
