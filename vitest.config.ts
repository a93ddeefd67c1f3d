import { dirname } from 'node:path';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './vitest.shared.ts';

// Set by .ci/run: also write a JSON report there, from which CI prints its `tests:` line.
const jsonReport = process.env.WXTPL_TEST_REPORT;

// The starters' configs know nothing of this repository, so that a copy of them runs as it is;
// here their tests, like every package's, import the packages from their sources.
const STARTERS = ['examples/server/vitest.config.ts', 'examples/miniprogram/vitest.config.mts'];

// One vitest run over every package: each package/example has its own vitest.config (a project).
// The global setup (once per run) builds stale packages, finds or starts Redis, finds Chromium.
export default defineConfig({
  test: {
    globalSetup: ['./examples/testkit/src/global-setup.ts'],
    projects: [
      'packages/*/vitest.config.ts',
      'scripts/vitest.config.ts',
      'examples/testkit/vitest.config.ts',
      'recipes/vitest.config.ts',
      ...STARTERS.map((config) => ({
        extends: config,
        resolve: { alias: workspaceAliases },
        test: { root: dirname(config) },
      })),
    ],
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
