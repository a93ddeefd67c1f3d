import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startExampleEmulator } from './helpers.js';

// `npm start` runs `node --import tsx src/main.ts` through `sh -c`; SIGTERM to npm reaches only
// that shell. The server must still stop (and free its port) once its runner is gone.

const ROOT = join(import.meta.dirname, '..');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const hasPnpm = spawnSync('pnpm', ['--version'], { stdio: 'ignore' }).status === 0;

/** `RUNNER start` in this project, in its own process group; resolves once the server listens. */
async function startThrough(runner: 'npm' | 'pnpm', baseUrl: string) {
  const child = spawn(runner, ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WXTPL_BASE_URL: baseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      SESSION_SECRET: 'runner-test-session-secret',
      LOG_LEVEL: 'warn',
      npm_config_update_notifier: 'false',
    },
  });
  cleanups.push(() => killGroup(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const take = (chunk: Buffer) => {
      output += chunk;
      const match = /example server listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', (code) => reject(new Error(`${runner} exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // the group is gone
  }
}

/** Whether `url` stops taking connections within `ms` (polled; each try bounded). */
async function stopsAnswering(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('the server stops with the package runner that started it', () => {
  for (const runner of ['npm', 'pnpm'] as const) {
    it.skipIf(runner === 'pnpm' && !hasPnpm)(
      `SIGTERM to \`${runner} start\` alone stops the server`,
      async () => {
        const emulator = await startExampleEmulator();
        cleanups.push(() => emulator.close());
        const { child, url } = await startThrough(runner, emulator.url);
        expect((await fetch(`${url}/health`)).status).toBe(200);
        // Only the runner is signalled, as a supervisor or `kill PID` does: not its process group.
        child.kill('SIGTERM');
        await once(child, 'exit');
        expect(await stopsAnswering(url, 15_000)).toBe(true);
      },
    );
  }
});
