import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { expectUploadServed, onNodeServer } from '@wxtpl/recipe-support/test';
import { expect, it } from 'vitest';
import { app, pool } from '../src/app.ts';

it('serves a collect upload end to end on Node', async () => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await onNodeServer(server, async (url) => {
    const openid = await expectUploadServed(url);
    expect(await pool.available(openid)).toBe(2);
  });
});
