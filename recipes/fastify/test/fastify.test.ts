import { expectUploadServed } from '@wxtpl/recipe-support/test';
import { expect, it } from 'vitest';
import { app, pool } from '../src/app.ts';

it('serves a collect upload end to end', async () => {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const openid = await expectUploadServed(url);
    expect(await pool.available(openid)).toBe(2);
  } finally {
    await app.close();
  }
});
