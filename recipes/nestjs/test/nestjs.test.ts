import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expectUploadServed } from '@wxtpl/recipe-support/test';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

it('serves a collect upload end to end, compiled by tsc as Nest apps are', async () => {
  // Nest needs TypeScript's decorators and their metadata: build with tsc (what `nest build` runs).
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  const { bootstrap } = await import(join(ROOT, 'dist', 'main.js'));
  const { pool } = await import(join(ROOT, 'dist', 'app.module.js'));
  const app = await bootstrap(0);
  try {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const openid = await expectUploadServed(`http://127.0.0.1:${port}`);
    expect(await pool.available(openid)).toBe(2);
  } finally {
    await app.close();
  }
});
