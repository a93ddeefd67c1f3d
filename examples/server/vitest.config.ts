import { defineConfig } from 'vitest/config';

// This starter's own config: in a copy of it, tests import the installed packages. Inside the
// wxtpl repository the root vitest.config.ts points them at the packages' sources.
export default defineConfig({
  test: {
    name: 'example-server',
    include: ['test/**/*.test.ts'],
    // The Chromium test starts a browser: give it room on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
