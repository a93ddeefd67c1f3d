// `pnpm version-packages` (`changeset version`) run on a throwaway copy of the workspace's
// manifests and pending changesets: what a release would bump and write, without touching the
// repository or publishing anything.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './workspace.ts';

/** One workspace package before and after the version step. */
export interface VersionedPackage {
  name: string;
  /** Repository-relative folder. */
  dir: string;
  private: boolean;
  before: string;
  after: string;
  /** Its `@wxtpl/*` dependency ranges after the step, by name. */
  ranges: Record<string, string>;
  /** CHANGELOG.md after the step, or null when there is none. */
  changelog: string | null;
}

/** A pending changeset: its file and the bump it asks for each package. */
export interface PendingChangeset {
  file: string;
  bumps: Record<string, 'major' | 'minor' | 'patch'>;
  summary: string;
}

export interface VersionRun {
  packages: VersionedPackage[];
  /** The changesets that were pending, as read before the step. */
  pending: PendingChangeset[];
  /** `.changeset/*.md` files left after the step (consumed ones are deleted). */
  left: string[];
  /** What `changeset version` printed. */
  output: string;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The workspace's package folders, from pnpm-workspace.yaml's globs (`dir/*` only). */
export function workspaceDirs(root = ROOT): string[] {
  const { packages } = parseYaml(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
    packages: string[];
  };
  return packages.flatMap((glob) => {
    const parent = glob.replace(/\/\*$/, '');
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .filter((dir) => existsSync(join(root, dir, 'package.json')));
  });
}

/** The changesets waiting in `.changeset/`. */
export function pendingChangesets(root = ROOT): PendingChangeset[] {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const [, front = '', summary = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
      return {
        file,
        bumps: (parseYaml(front) ?? {}) as PendingChangeset['bumps'],
        summary: summary.trim(),
      };
    });
}

/**
 * Copies the root manifest, pnpm-workspace.yaml, `.changeset/` and every workspace package's
 * package.json (and CHANGELOG.md) into a temporary git repository, runs `changeset version` there
 * and reports the result. `extra` changesets are added to the copy first (a test's probe). The
 * temporary folder is removed afterwards.
 */
export function versionInCopy(
  options: { root?: string; extra?: Omit<PendingChangeset, 'file'>[] } = {},
): VersionRun {
  const root = options.root ?? ROOT;
  const work = mkdtempSync(join(tmpdir(), 'wxtpl-version-'));
  try {
    const dirs = workspaceDirs(root);
    const copy = (path: string) => {
      if (!existsSync(join(root, path))) return;
      mkdirSync(dirname(join(work, path)), { recursive: true });
      cpSync(join(root, path), join(work, path), { recursive: true });
    };
    for (const path of ['package.json', 'pnpm-workspace.yaml', '.changeset']) copy(path);
    for (const dir of dirs) {
      copy(`${dir}/package.json`);
      copy(`${dir}/CHANGELOG.md`);
    }
    for (const [index, changeset] of (options.extra ?? []).entries()) {
      const front = Object.entries(changeset.bumps)
        .map(([name, kind]) => `"${name}": ${kind}`)
        .join('\n');
      writeFileSync(
        join(work, '.changeset', `extra-${index}.md`),
        `---\n${front}\n---\n\n${changeset.summary}\n`,
      );
    }
    // The changelog generator is resolved from the copy's .changeset folder.
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=wxtpl', '-c', 'user.email=wxtpl@localhost', ...args], {
        cwd: work,
        stdio: 'pipe',
      });
    git('init', '--quiet');
    git('add', '--all');
    git('commit', '--quiet', '--message', 'the workspace before versioning');

    const pending = pendingChangesets(work);
    const before = new Map(dirs.map((dir) => [dir, manifest(work, dir)]));
    const output = execFileSync(
      process.execPath,
      [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'],
      { cwd: work, encoding: 'utf8', stdio: 'pipe' },
    );
    const packages = dirs.map((dir): VersionedPackage => {
      const was = before.get(dir) as Manifest;
      const now = manifest(work, dir);
      const changelog = join(work, dir, 'CHANGELOG.md');
      return {
        name: now.name,
        dir,
        private: now.private === true,
        before: was.version,
        after: now.version,
        ranges: Object.fromEntries(
          Object.entries({ ...now.dependencies, ...now.devDependencies }).filter(([name]) =>
            name.startsWith('@wxtpl/'),
          ),
        ),
        changelog: existsSync(changelog) ? readFileSync(changelog, 'utf8') : null,
      };
    });
    const left = readdirSync(join(work, '.changeset')).filter((file) => file.endsWith('.md'));
    return { packages, pending, left, output };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function manifest(root: string, dir: string): Manifest {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
}
