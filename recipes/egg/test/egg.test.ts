import { join } from 'node:path';
import { expectUploadServed, onNodeServer } from '@wxtpl/recipe-support/test';
import { start } from 'egg';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

it('serves a collect upload end to end', async () => {
  const app = await start({ baseDir: ROOT, env: 'unittest', ignoreWarning: true });
  try {
    await onNodeServer(app.listen(0, '127.0.0.1'), async (url) => {
      // Egg loads app/ itself (outside the test's module graph): the second upload's duplicates
      // show that its pool stored the formIds.
      expect(await expectUploadServed(url)).toMatch(/^oRecipe/);
    });
  } finally {
    await app.close();
  }
});
