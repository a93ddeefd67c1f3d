import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expectUploadServed } from '@wxtpl/recipe-support/test';
import { start } from 'egg';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

it('serves a collect upload end to end', async () => {
  const app = await start({ baseDir: ROOT, env: 'unittest', ignoreWarning: true });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    // Egg loads app/ itself (outside the test's module graph): the second upload's duplicates
    // show that its pool stored the formIds.
    expect(await expectUploadServed(`http://127.0.0.1:${port}`)).toMatch(/^oRecipe/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  }
});
