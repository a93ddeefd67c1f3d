import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.ts';

const run = promisify(execFile);

/** Packages whose built output the child processes (SDK workers, emulator CLI) import. */
const BUILT = ['shared-types', 'emulator', 'server-sdk'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(pkg: string): boolean {
  const dir = join(REPO_ROOT, 'packages', pkg);
  try {
    return statSync(join(dir, 'dist/index.js')).mtimeMs >= newestMtime(join(dir, 'src'));
  } catch {
    return false;
  }
}

/** `pnpm test:reliability` builds first; a direct `vitest run` builds here when dist/ is stale. */
export default async function setup(): Promise<void> {
  if (BUILT.every(isFresh)) return;
  // Under `pnpm …`, npm_execpath is pnpm's own entry: works where pnpm is not on PATH.
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm, no turbo task reads it
  const execPath = process.env.npm_execpath ?? '';
  const [command, prefix] = /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []];
  const filters = BUILT.map((pkg) => `--filter=@wxtpl/${pkg}`);
  await run(
    command,
    [...prefix, 'exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
}
