import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** packages/server-sdk */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The built package for child processes. */
export interface BuiltPackage {
  /** `file:` URL of the ESM entry (`index.js`). */
  indexUrl: string;
  /** Path of the CLI (`cli.js`). */
  cliPath: string;
  cleanup(): void;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The built ESM output. Uses `dist/` when it is newer than every source file (as after
 * `pnpm --filter @wxtpl/server-sdk build` or in CI); otherwise builds a private ESM bundle under
 * `test-artifacts/`, never touching `dist/`, which other tests may be reading at that moment.
 */
export function builtPackage(): BuiltPackage {
  const dist = join(PACKAGE_DIR, 'dist');
  const fresh = (file: string) =>
    existsSync(join(dist, file)) &&
    statSync(join(dist, file)).mtimeMs > newestSource(join(PACKAGE_DIR, 'src'));
  if (fresh('index.js') && fresh('cli.js')) {
    return {
      indexUrl: pathToFileURL(join(dist, 'index.js')).href,
      cliPath: join(dist, 'cli.js'),
      cleanup: () => {},
    };
  }
  const outDir = join(PACKAGE_DIR, 'test-artifacts', `build-${process.pid}-${randomUUID()}`);
  execFileSync(
    join(PACKAGE_DIR, '../../node_modules/.bin/tsup'),
    [
      'src/index.ts',
      'src/cli.ts',
      '--format',
      'esm',
      '--target',
      'node20',
      '--out-dir',
      outDir,
      '--no-config',
      '--silent',
    ],
    { cwd: PACKAGE_DIR, stdio: 'pipe' },
  );
  return {
    indexUrl: pathToFileURL(join(outDir, 'index.js')).href,
    cliPath: join(outDir, 'cli.js'),
    cleanup: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
