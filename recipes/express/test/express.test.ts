import type { AddressInfo } from 'node:net';
import { expectUploadServed } from '@wxtpl/recipe-support/test';
import { expect, it } from 'vitest';
import { app, pool } from '../src/app.ts';

it('serves a collect upload end to end', async () => {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const openid = await expectUploadServed(`http://127.0.0.1:${port}`);
    expect(await pool.available(openid)).toBe(2);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
