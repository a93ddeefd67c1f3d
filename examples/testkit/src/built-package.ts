import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PACKAGES, type PackageName, packageDir, REPO_ROOT } from './paths.ts';

/** A package's build output, as child processes and the packaging checks load it. */
export interface BuiltPackage {
  name: PackageName;
  dir: string;
  /** `file:` URL of the ESM entry (`dist/index.js`): what an app deploying the package imports. */
  indexUrl: string;
  /** Path of the CommonJS entry (`dist/index.cjs`). */
  cjsPath: string;
  /** Path of the package's CLI (`dist/cli.js`); only the emulator and the server SDK ship one. */
  cliPath: string;
}

/**
 * Where `name`'s build output lies. The global setup (`@wxtpl/testkit/global-setup`) rebuilds
 * stale packages before any test runs, so no test ever builds, or reads a `dist/` being rebuilt.
 */
export function builtPackage(name: PackageName): BuiltPackage {
  const dir = packageDir(name);
  return {
    name,
    dir,
    indexUrl: pathToFileURL(join(dir, 'dist', 'index.js')).href,
    cjsPath: join(dir, 'dist', 'index.cjs'),
    cliPath: join(dir, 'dist', 'cli.js'),
  };
}

/** Inputs of a build besides `src/` (the same as turbo.json's, roughly). */
const BUILD_INPUTS = ['package.json', 'tsup.config.ts', 'scripts'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Packages whose `dist/index.js` is missing or older than one of their sources. */
export function staleBuilds(names: readonly PackageName[] = PACKAGES): PackageName[] {
  return names.filter((name) => {
    const dir = packageDir(name);
    const entry = join(dir, 'dist', 'index.js');
    if (!existsSync(entry)) return true;
    const built = statSync(entry).mtimeMs;
    return ['src', ...BUILD_INPUTS].some((input) => newestMtime(join(dir, input)) > built);
  });
}

/** Builds the stale packages (and what they depend on) with turbo; returns their names. */
export async function buildStale(log: (line: string) => void = () => {}): Promise<PackageName[]> {
  const stale = staleBuilds();
  if (stale.length === 0) return stale;
  log(
    `build: ${stale.map((name) => `@wxtpl/${name}`).join(', ')} older than the sources, building`,
  );
  await promisify(execFile)(
    join(REPO_ROOT, 'node_modules', '.bin', 'turbo'),
    [
      'run',
      'build',
      ...stale.map((name) => `--filter=@wxtpl/${name}`),
      '--output-logs=errors-only',
    ],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return stale;
}
