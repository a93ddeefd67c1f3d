import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pack, publishedPackages, ROOT, tarballFile, tarballFiles } from '../lib/workspace.ts';

const dir = mkdtempSync(join(tmpdir(), 'wxtpl-license-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the MIT license', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

  it('is at the root of the repository', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  const packages = publishedPackages();
  it.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))(
    'ships in the packed tarball of %s',
    (_, pkg) => {
      expect(pkg.manifest.license).toBe('MIT');
      const tarball = pack(pkg, dir);
      expect(tarballFiles(tarball)).toContain('package/LICENSE');
      expect(tarballFile(tarball, 'package/LICENSE')).toBe(license);
    },
  );

  it('covers all four published packages', () => {
    expect(packages.map((pkg) => pkg.manifest.name).sort()).toEqual([
      '@wxtpl/emulator',
      '@wxtpl/miniprogram-sdk',
      '@wxtpl/server-sdk',
      '@wxtpl/shared-types',
    ]);
  });
});
