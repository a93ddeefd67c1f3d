import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtPackage } from '@wxtpl/testkit';
import { checkBuiltPackage } from '@wxtpl/testkit/package-check';
import { describe, expect, it } from 'vitest';

checkBuiltPackage('server-sdk');

/** The contract names of DESIGN.md. */
const CONTRACT = [
  'WeChatClient',
  'createMemoryStore',
  'createRedisStore',
  'FormIdPool',
  'Notifier',
  'createCollectHandler',
  'defineTemplate',
];

describe('built package', () => {
  const built = builtPackage('server-sdk');

  it('exports the client, the stores, the lint and the errors', async () => {
    const esm = await import(built.indexUrl);
    for (const name of [
      ...CONTRACT,
      'lintTemplateProposal',
      'WxtplError',
      'WeChatApiError',
      'WeChatTransportError',
      'InvalidArgumentError',
      'AccessTokenError',
    ]) {
      expect(typeof esm[name], name).toBe('function');
    }
    // Internals stay inside: the public surface is deliberate (etc/server-sdk.api.md).
    for (const name of ['redactSecrets', 'tokenKey', 'creditBackendFor', 'RedisCreditBackend']) {
      expect(name in esm, name).toBe(false);
    }
  });

  it('keeps the contract names of DESIGN.md', async () => {
    const esm = await import(built.indexUrl);
    for (const name of CONTRACT) expect(typeof esm[name], name).toBe('function');
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
    expect(
      execFileSync(process.execPath, [built.cliPath, '--help'], { encoding: 'utf8' }),
    ).toContain('wxtpl');
  });
});
