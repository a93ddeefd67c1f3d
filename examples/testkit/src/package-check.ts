import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPackage } from './built-package.ts';
import type { PackageName } from './paths.ts';

const require = createRequire(import.meta.url);

/**
 * The check every published package's `package.test.ts` starts with: the built output loads as
 * ESM and as CommonJS, with the same non-empty set of exports.
 */
export function checkBuiltPackage(name: PackageName): void {
  describe(`built package @wxtpl/${name}`, () => {
    it('loads as ESM and as CommonJS with the same exports', async () => {
      const built = builtPackage(name);
      const esm = (await import(built.indexUrl)) as Record<string, unknown>;
      const cjs = require(built.cjsPath) as Record<string, unknown>;
      expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
      expect(Object.keys(esm).length).toBeGreaterThan(0);
    });

    it('ships a CLI as ESM only: nothing requires it, so no CommonJS copy or types of it', () => {
      const dist = readdirSync(dirname(builtPackage(name).cjsPath));
      expect(dist.filter((file) => /^cli\.(cjs|d\.c?ts)/.test(file))).toEqual([]);
    });
  });
}
