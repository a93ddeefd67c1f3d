import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../vitest.shared.ts';

// Set by CI: also write a JSON report there, to count the reliability suite's tests.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by vitest itself, no turbo task
const jsonReport = process.env.WXTPL_RELIABILITY_REPORT;

// The suite is no workspace package: third-party test libraries resolve from server-sdk's own
// devDependencies, so the suite adds none.
const fromServerSdk = createRequire(
  new URL('../packages/server-sdk/package.json', import.meta.url),
);
const packageDir = (name: string) => dirname(fromServerSdk.resolve(`${name}/package.json`));

/**
 * `pnpm test:reliability`: the slow end-to-end reliability suite (soak under faults, a Redis
 * restart, hostile collect traffic). Not part of `pnpm test`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: [...workspaceAliases, { find: /^fast-check$/, replacement: packageDir('fast-check') }],
  },
  test: {
    name: 'reliability',
    include: ['**/*.test.ts'],
    globalSetup: ['./helpers/global-setup.ts'],
    // One file at a time: each one loads both cores on its own.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
