import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, ROOT, readManifest } from '../lib/workspace.ts';

const STARTERS = ['examples/miniprogram', 'examples/server', 'examples/templates'];
/** The starters' own package of template definitions, copied out with them. */
const TEMPLATES = readManifest(join(ROOT, 'examples/templates'));
const versions = new Map([
  ...publishedPackages().map((p) => [p.manifest.name, p.manifest.version] as const),
  [TEMPLATES.name, TEMPLATES.version] as const,
]);

/** Whether `version` satisfies a caret range `^X.Y.Z` (the only kind the starters use). */
function satisfiesCaret(range: string, version: string): boolean {
  const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (match === null) return false;
  const want = match.slice(1).map(Number) as [number, number, number];
  const have = version.split('.').map(Number) as [number, number, number];
  const fixed = want[0] > 0 ? 1 : want[1] > 0 ? 2 : 3; // ^1.2.3: 1.x; ^0.2.3: 0.2.x; ^0.0.3: 0.0.3
  for (let i = 0; i < fixed; i++) if (have[i] !== want[i]) return false;
  for (let i = 0; i < 3; i++) {
    if (have[i] !== want[i]) return (have[i] ?? 0) > (want[i] ?? 0);
  }
  return true;
}

describe('the starters can leave the repository', () => {
  it.each(STARTERS)(
    '%s depends on the packages by plain semver ranges the workspace satisfies',
    (dir) => {
      const manifest = readManifest(join(ROOT, dir));
      const wxtpl = Object.entries({
        ...manifest.dependencies,
        ...manifest.devDependencies,
      }).filter(([name]) => name.startsWith('@wxtpl/'));
      expect(wxtpl.length).toBeGreaterThan(0);
      for (const [name, range] of wxtpl) {
        expect(range, name).not.toMatch(/^(workspace|link|file):/);
        // Satisfied, so that pnpm (linkWorkspacePackages) links the workspace package here.
        expect(satisfiesCaret(range, versions.get(name) as string), `${name}@${range}`).toBe(true);
      }
    },
  );

  it('pnpm links the workspace packages into them', () => {
    expect(readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')).toMatch(
      /^linkWorkspacePackages: true$/m,
    );
    const lock = readFileSync(join(ROOT, 'pnpm-lock.yaml'), 'utf8');
    for (const dir of STARTERS) {
      const importer = lock.slice(
        lock.indexOf(`\n  ${dir}:\n`),
        lock.indexOf('\n\n', lock.indexOf(`\n  ${dir}:\n`)),
      );
      const linked = [
        ...importer.matchAll(/'(@wxtpl\/[\w-]+)':\n\s+specifier: \S+\n\s+version: (\S+)/g),
      ];
      expect(linked.length, dir).toBeGreaterThan(0);
      for (const [, name, version] of linked) {
        expect(version, name).toMatch(
          name === TEMPLATES.name ? /^link:\.\.\/templates$/ : /^link:\.\.\/\.\.\/packages\//,
        );
      }
    }
  });

  it.each(STARTERS.slice(0, 2))(
    '%s configures TypeScript and vitest without files outside the starters',
    (dir) => {
      const tsconfig = readFileSync(join(ROOT, dir, 'tsconfig.json'), 'utf8');
      expect(tsconfig).not.toMatch(/"extends"/);
      for (const [, path] of tsconfig.matchAll(/"(\.\.\/[^"]*)"/g)) {
        expect(path).toMatch(/^\.\.\/(miniprogram|templates)\//);
      }
      const config = ['vitest.config.ts', 'vitest.config.mts']
        .map((name) => {
          try {
            return readFileSync(join(ROOT, dir, name), 'utf8');
          } catch {
            return '';
          }
        })
        .join('');
      expect(config).toContain('defineConfig');
      expect(config).not.toMatch(/from '\.\.\//);
    },
  );
});

describe('the templates package carries its types', () => {
  it('index.d.ts is what `npm run build:types` makes of index.js (regenerate it after an edit)', () => {
    const dir = join(ROOT, 'examples/templates');
    const out = mkdtempSync(join(tmpdir(), 'wxtpl-templates-types-'));
    try {
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/typescript/bin/tsc'),
          '-p',
          join(dir, 'tsconfig.types.json'),
          '--outDir',
          out,
        ],
        { cwd: dir, stdio: 'pipe' },
      );
      expect(readFileSync(join(dir, 'index.d.ts'), 'utf8')).toBe(
        readFileSync(join(out, 'index.d.ts'), 'utf8'),
      );
      expect(TEMPLATES.types).toBe('./index.d.ts');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
