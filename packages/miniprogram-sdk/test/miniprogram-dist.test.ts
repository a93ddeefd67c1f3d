import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { measure } from '../scripts/size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'miniprogram_dist');
const read = (path: string) => readFileSync(join(dist, path), 'utf8');

/** Older WeChat clients run ES2017 at best: no `?.`, `??` or ES2022 built-ins. */
function expectNoNewerJs(code: string) {
  expect(code).not.toMatch(/\?\?|\?\.[a-zA-Z_$[(]/);
  for (const api of ['Object.hasOwn(', 'replaceAll(', 'structuredClone(', 'globalThis', '.at(']) {
    expect(code).not.toContain(api);
  }
}

describe('miniprogram_dist (what DevTools "build npm" copies)', () => {
  it('is what package.json points DevTools at, and is published', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.miniprogram).toBe('miniprogram_dist');
    expect(pkg.files).toContain('miniprogram_dist');
  });

  it('holds the component folder that usingComponents "@wxtpl/miniprogram-sdk/report-form/index" names', () => {
    for (const file of ['index.js', 'index.wxml', 'index.wxss', 'index.json']) {
      expect(existsSync(join(dist, 'report-form', file))).toBe(true);
    }
    expect(JSON.parse(read('report-form/index.json'))).toMatchObject({ component: true });
    expect(read('report-form/index.wxml')).toContain('report-submit="{{true}}"');
  });

  it('requires nothing but its own files: no Node built-ins, no packages', () => {
    for (const file of ['index.js', 'report-form/index.js']) {
      const requires = [...read(file).matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map(
        (m) => m[1],
      );
      for (const target of requires) expect(target).toMatch(/^\.\.?\//);
    }
    expect(read('report-form/index.js')).toContain('require("../index.js")');
  });

  it('is CommonJS without ES2020+ syntax or ES2022 built-ins', () => {
    const code = read('index.js') + read('report-form/index.js');
    expect(code).not.toMatch(/\bimport\s|\bexport\s/);
    expectNoNewerJs(code);
  });

  it('keeps every check through terser: a lone surrogate or a mock id is no formId', () => {
    // terser's `unsafe` option once dropped validateFormId's encodeURIComponent probe as pure.
    const sdk = createRequire(import.meta.url)(
      join(dist, 'index.js'),
    ) as typeof import('../src/index.js');
    const submit = (formId: string) => sdk.collectFormId({ detail: { formId } });
    expect(submit('0f3b8c1e\ud8009a7d')).toBeNull();
    expect(submit('the formId is a mock one')).toBeNull();
    expect(submit('0f3b8c1e9a7d4e2f')).toBe('0f3b8c1e9a7d4e2f');
  });

  it('and so is the npm entry as Taro and uni-app bundle it (with what it uses of shared-types)', async () => {
    const { npm } = (await measure()) as { npm: { code: string } };
    expectNoNewerJs(npm.code);
  });

  it('stays under its size budget as shipped: the minified files, each gzipped, and the npm entry', async () => {
    const { gzipped, minified, budget, files, npm } = (await measure()) as {
      gzipped: number;
      minified: number;
      budget: number;
      files: Record<string, { bytes: number; gzipped: number }>;
      npm: { minified: number; gzipped: number };
    };
    console.log(
      `miniprogram_dist JavaScript: ${gzipped} B gzipped, npm entry bundled: ${npm.gzipped} B (budget ${budget} B)`,
    );
    expect(gzipped).toBeLessThan(budget);
    // What Taro and uni-app bundle: the SDK with only the shared-types code it uses.
    expect(npm.gzipped).toBeLessThan(budget);
    // What is measured is what DevTools copies, minified: no separate build.
    const shipped = ['index.js', 'report-form/index.js'].map((file) => read(file));
    expect(minified).toBe(shipped.reduce((sum, code) => sum + Buffer.byteLength(code), 0));
    expect(
      Object.keys(files)
        .filter((file) => file.endsWith('.js'))
        .sort(),
    ).toEqual(['index.js', 'report-form/index.js']);
    for (const code of shipped) expect(code.split('\n').length).toBeLessThanOrEqual(2);
  });

  it('has no engines field: Taro and uni-app toolchains read it', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.engines).toBeUndefined();
  });
});
