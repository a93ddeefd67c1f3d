import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'example-server',
    include: ['test/**/*.test.ts'],
    // The Chromium test starts a browser: give it room on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
