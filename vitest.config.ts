import { defineConfig } from 'vitest/config';

// Set by .ci/run: also write a JSON report there, from which CI prints its `tests:` line.
const jsonReport = process.env.WXTPL_TEST_REPORT;

// One vitest run over every package: each package/example has its own vitest.config.ts (a project).
// The global setup (once per run) builds stale packages, finds or starts Redis, finds Chromium.
export default defineConfig({
  test: {
    globalSetup: ['./examples/testkit/src/global-setup.ts'],
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
