import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('built package', () => {
  it('loads as ESM and as CommonJS with the same exports', async () => {
    const esm = await import('../dist/index.js');
    const cjs = require('../dist/index.cjs');
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    expect(Object.keys(esm).length).toBeGreaterThan(0);
  });
});
