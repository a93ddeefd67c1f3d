import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
      'Notifier',
      'FormIdPool',
      'createCollectHandler',
    ]) {
      expect(typeof esm[name as keyof typeof esm], name).toBe('function');
    }
    // Internals stay inside: the public surface is deliberate (etc/server-sdk.api.md).
    for (const name of ['redactSecrets', 'tokenKey', 'creditBackendFor', 'RedisCreditBackend']) {
      expect(name in esm, name).toBe(false);
    }
  });

  it('keeps the contract names of DESIGN.md', async () => {
    const esm = await import('../dist/index.js');
    for (const name of [
      'WeChatClient',
      'createMemoryStore',
      'createRedisStore',
      'FormIdPool',
      'Notifier',
      'createCollectHandler',
      'defineTemplate',
    ]) {
      expect(typeof esm[name as keyof typeof esm], name).toBe('function');
    }
  });

  it('lists every exported name in the README (the API report names them)', () => {
    const report = readFileSync(new URL('../etc/server-sdk.api.md', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const names = [
      ...report.matchAll(
        /^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const) (\w+)/gm,
      ),
      ...report.matchAll(/^export \{ (\w+) \}/gm),
    ].map((match) => match[1] as string);
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it('ships an executable wxtpl CLI', () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    expect(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })).toContain(
      'wxtpl',
    );
  });
});
