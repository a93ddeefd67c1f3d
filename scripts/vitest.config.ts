import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
    // Packing every package and loading every project's config spawn child processes.
    testTimeout: 120_000,
  },
});
