import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { expectUploadServed } from '@wxtpl/recipe-support/test';
import { expect, it } from 'vitest';
import { app, pool } from '../src/app.ts';

it('serves a collect upload end to end on Node', async () => {
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ server, port: (info as AddressInfo).port }),
      );
    },
  );
  try {
    const openid = await expectUploadServed(`http://127.0.0.1:${port}`);
    expect(await pool.available(openid)).toBe(2);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
