import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const dist = new URL('../dist/', import.meta.url);

describe('built package', () => {
  it('loads as ESM and as CommonJS with the same exports', async () => {
    const esm = await import('../dist/index.js');
    const cjs = require('../dist/index.cjs');
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    expect(cjs.isMockFormId('the formId is a mock one')).toBe(true);
  });

  it('requires nothing, so it runs inside a mini-program as it is', () => {
    for (const file of ['index.cjs', 'index.js']) {
      const code = readFileSync(new URL(file, dist), 'utf8');
      expect(code).not.toMatch(/\brequire\(/);
      expect(code).not.toMatch(/^import .* from /m);
    }
  });
});
