import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

/** URL of the built ESM entry of the package, for child processes. */
export const DIST_URL = new URL('../../dist/index.js', import.meta.url).href;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  try {
    return (
      statSync(join(packageDir, 'dist/index.js')).mtimeMs >= newestMtime(join(packageDir, 'src'))
    );
  } catch {
    return false;
  }
}

/**
 * Builds the package unless `dist/` is newer than every source (CI builds before testing; a
 * needless rebuild would also pull `dist/` from under other test files). Retries while sibling
 * work in progress breaks the build.
 */
export async function ensureBuilt(attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (distIsFresh()) return;
    try {
      // Under `pnpm vitest`, npm_execpath is pnpm's own entry: works where pnpm is not on PATH.
      const execPath = process.env.npm_execpath ?? '';
      const [command, prefixArgs] = /pnpm/.test(execPath)
        ? [process.execPath, [execPath]]
        : ['pnpm', []];
      await run(command, [...prefixArgs, '--filter', '@wxtpl/server-sdk', 'build'], {
        cwd: packageDir,
        maxBuffer: 16 * 1024 * 1024,
      });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
  }
}
