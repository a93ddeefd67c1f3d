import { defineConfig } from 'vitest/config';

// One vitest run over every package: each package/example has its own vitest.config.ts (a project).
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
  },
});
