import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectUploadServed } from '@wxtpl/recipe-support/test';
import { freePort, stopChild, waitForOutput } from '@wxtpl/testkit';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const NEXT = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function next(...args: string[]) {
  return spawn(process.execPath, [NEXT, ...args], { cwd: ROOT, env, stdio: 'pipe' });
}

it('passes next build (its route-handler type check) and serves a collect upload', async () => {
  // `export const POST = collect` is checked against Next's RouteHandlerConfig here.
  const build = next('build');
  let output = '';
  build.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  build.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
  expect(code, output).toBe(0);
  expect(output).toMatch(/ƒ \/wxtpl\/collect/);

  const port = await freePort();
  const server = next('start', '--port', String(port), '--hostname', '127.0.0.1');
  try {
    await waitForOutput(server, /Ready in/, 'next start', 60_000);
    const openid = await expectUploadServed(`http://127.0.0.1:${port}`);
    expect(openid).toMatch(/^oRecipe/);
  } finally {
    await stopChild(server);
  }
});
