import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { builtPackage } from '@wxtpl/testkit';
import { checkBuiltPackage } from '@wxtpl/testkit/package-check';
import { describe, expect, it } from 'vitest';

checkBuiltPackage('shared-types');

describe('built package', () => {
  const built = builtPackage('shared-types');

  it('loads as CommonJS with working functions', () => {
    const cjs = createRequire(import.meta.url)(built.cjsPath);
    expect(cjs.isMockFormId('the formId is a mock one')).toBe(true);
  });

  it('requires nothing, so it runs inside a mini-program as it is', () => {
    for (const path of [built.cjsPath, new URL(built.indexUrl)]) {
      const code = readFileSync(path, 'utf8');
      expect(code).not.toMatch(/\brequire\(/);
      expect(code).not.toMatch(/^import .* from /m);
    }
  });
});
