import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('built package', () => {
  it('loads as ESM and as CommonJS with the same exports', async () => {
    const esm = await import('../dist/index.js');
    const cjs = require('../dist/index.cjs');
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    expect(Object.keys(esm).length).toBeGreaterThan(0);
  });

  it('exports the client, the stores, the lint and the errors', async () => {
    const esm = await import('../dist/index.js');
    for (const name of [
      'WeChatClient',
      'createMemoryStore',
      'createRedisStore',
      'lintTemplateProposal',
      'defineTemplate',
      'WxtplError',
      'WeChatApiError',
      'WeChatTransportError',
      'InvalidArgumentError',
      'AccessTokenError',
      'redactSecrets',
    ]) {
      expect(typeof esm[name as keyof typeof esm], name).toBe('function');
    }
  });

  it('ships an executable wxtpl CLI', () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    expect(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })).toContain(
      'wxtpl',
    );
  });
});
