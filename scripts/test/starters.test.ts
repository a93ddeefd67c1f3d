import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarballName } from '../lib/copy-out.ts';
import { publishedPackages, ROOT, readManifest } from '../lib/workspace.ts';
import { adapt, sectionBlocks } from '../starters/section.ts';

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

describe("the README's starters section, as `pnpm check:starters` runs it", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = sectionBlocks(readme);

  it('is blocks typed in terminals, the emulator and the backend started last in theirs', () => {
    expect(blocks.map((block) => [block.terminal, block.service])).toEqual([
      [1, undefined],
      [2, 'npm run emulator'],
      [1, 'npm start'],
      [3, undefined],
    ]);
    expect(blocks[0]?.script.join('\n')).toContain('pnpm pack:tarballs ../my-app/tarballs');
    // The Chinese twin has the same blocks and the same markers.
    const zh = readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8');
    expect(sectionBlocks(zh, '从一份副本开始新项目').map(({ line, ...rest }) => rest)).toEqual(
      blocks.map(({ line, ...rest }) => rest),
    );
  });

  it('names tarballs that `pnpm pack:tarballs` makes, and scripts the starters have', () => {
    const made = publishedPackages().map((pkg) => tarballName(pkg.manifest.name));
    expect(made).toContain('wxtpl-shared-types.tgz');
    const text = blocks
      .map((block) => [...block.script, block.service ?? ''].join('\n'))
      .join('\n');
    const named = [...text.matchAll(/\.\.\/tarballs\/([\w.*-]+\.tgz)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) if (name !== '*.tgz') expect(made).toContain(name);
    const scripts = (dir: string) => Object.keys(readManifestScripts(join(ROOT, 'examples', dir)));
    expect(scripts('server')).toEqual(expect.arrayContaining(['emulator', 'start', 'test']));
    expect(scripts('miniprogram')).toEqual(expect.arrayContaining(['typecheck', 'test']));
    expect(scripts('templates')).toContain('build:types');
    // tsc for `npm run build:types`, installed by the copy's own npm install.
    expect(TEMPLATES.devDependencies?.typescript).toBe(
      readManifest(ROOT).devDependencies?.typescript,
    );
  });

  it('refuses a block without its terminal, and a long-running command before the end', () => {
    const section = (body: string) =>
      `# x\n\n## Start a new project from a copy\n\n${body}\n## Next\n`;
    expect(() => sectionBlocks(section('```sh\nnpm test\n```\n'))).toThrow(/terminal N/);
    expect(() =>
      sectionBlocks(section('<!-- starters: terminal 1 -->\n```sh\nnpm start\nnpm test\n```\n')),
    ).toThrow(/runs until stopped/);
    expect(() => sectionBlocks('# x\n')).toThrow(/no "## Start a new project from a copy"/);
  });

  it('changes only the destination and, with uncommitted changes, the tree archived', () => {
    const line = 'git archive HEAD examples/server | tar -x -f - -C ../my-app --strip-components=1';
    expect(adapt(line, '/tmp/w/my-app')).toBe(
      'git archive HEAD examples/server | tar -x -f - -C /tmp/w/my-app --strip-components=1',
    );
    expect(adapt(`${line}\ncd ../my-app/server`, '/tmp/w/my-app', 'abc123')).toBe(
      'git archive abc123 examples/server | tar -x -f - -C /tmp/w/my-app --strip-components=1\ncd /tmp/w/my-app/server',
    );
  });
});

function readManifestScripts(dir: string): Record<string, string> {
  return (
    (
      JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      }
    ).scripts ?? {}
  );
}
