import { execFileSync } from 'node:child_process';
import { builtPackage } from '@wxtpl/testkit';
import { checkBuiltPackage } from '@wxtpl/testkit/package-check';
import { describe, expect, it } from 'vitest';

checkBuiltPackage('server-sdk');

describe('built package', () => {
  const built = builtPackage('server-sdk');

  it('exports the client, the stores, the lint and the errors', async () => {
    const esm = await import(built.indexUrl);
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
      expect(typeof esm[name], name).toBe('function');
    }
  });

  it('ships an executable wxtpl CLI', () => {
    expect(
      execFileSync(process.execPath, [built.cliPath, '--help'], { encoding: 'utf8' }),
    ).toContain('wxtpl');
  });
});
