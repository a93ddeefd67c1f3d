import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../lib/workspace.ts';

describe('a test run prints no warnings', () => {
  it("loads every project's vitest config without a warning", async () => {
    // `vitest list --filesOnly` loads the root config and every project's, and lists files.
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'list', '--filesOnly'],
        { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } },
        (error, stdout, stderr) => (error ? reject(error) : resolve(stdout + stderr)),
      );
    });
    const lines = output.split('\n');
    expect(lines).toContain('[example-miniprogram] examples/miniprogram/test/project.test.ts');
    // No "(!) Your Vite config uses features…" (a config loaded as CommonJS, an import without
    // its extension), no Node warning.
    expect(lines.filter((line) => /\(!\)|warn(ing)?\b|deprecat/i.test(line))).toEqual([]);
  });
});
