// `pnpm docs:api` (TypeDoc) documents every published package through exactly its public entry
// points, and fails on the warnings that mean a broken {@link} or a type used by the API but not
// exported. .ci/run builds it; here, its configuration is held to the packages.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, ROOT } from '../lib/workspace.ts';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const config = json(join(ROOT, 'typedoc.json'));

describe('typedoc.json', () => {
  it('covers every published package', () => {
    expect(config.entryPointStrategy).toBe('packages');
    expect([...config.entryPoints].sort()).toEqual(
      publishedPackages()
        .map((p) => relative(ROOT, p.dir))
        .sort(),
    );
  });

  it('fails on broken links and on types the API uses without exporting them', () => {
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.validation).toMatchObject({ notExported: true, invalidLink: true });
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^docs\/api\/$/m);
  });

  it.each(publishedPackages().map((p) => [p.manifest.name, p.dir] as const))(
    '%s: one entry point per export, the source of what the export ships',
    (_name, dir) => {
      const { exports } = json(join(dir, 'package.json')) as {
        exports: Record<string, { import?: { default: string } } | string>;
      };
      const sources = Object.entries(exports)
        .filter(([subpath]) => subpath !== './package.json')
        .map(([, target]) => (typeof target === 'string' ? target : target.import?.default))
        .map((built) => built?.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      expect([...json(join(dir, 'typedoc.json')).entryPoints].sort()).toEqual(sources.sort());
    },
  );
});
