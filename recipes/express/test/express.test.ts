import { expectUploadServed, onNodeServer } from '@wxtpl/recipe-support/test';
import { expect, it } from 'vitest';
import { app, pool } from '../src/app.ts';

it('serves a collect upload end to end', async () => {
  await onNodeServer(app.listen(0, '127.0.0.1'), async (url) => {
    const openid = await expectUploadServed(url);
    expect(await pool.available(openid)).toBe(2);
  });
});
