// The one test every recipe passes: a collector upload served end to end over real HTTP by the
// recipe's app — the framework, the adapter (if any), the collect handler and its memory pool.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { sessionToken } from './session.js';

/** The path every recipe serves the collect handler on. */
export const COLLECT_PATH = '/wxtpl/collect';

/**
 * Uploads two fresh formIds as a signed-in user and checks the collector protocol's answers:
 * 401 without a session, 200 naming both as accepted, and the same upload again naming both as
 * duplicates (so the pool stored them, for that user). Resolves to the user's openid.
 */
export async function expectUploadServed(baseUrl: string): Promise<string> {
  const openid = `oRecipe${randomBytes(8).toString('hex')}`;
  const formIds = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
  const body = JSON.stringify({
    items: formIds.map((formId) => ({ formId, createdAt: Date.now() })),
  });
  const upload = (headers: Record<string, string>) =>
    fetch(`${baseUrl}${COLLECT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const anonymous = await upload({});
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: 'unauthorized' });

  const auth = { authorization: `Bearer ${sessionToken(openid)}` };
  const first = await upload(auth);
  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await first.json()).toEqual({ accepted: formIds, duplicates: [], rejected: [] });

  const again = await upload(auth);
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ accepted: [], duplicates: formIds, rejected: [] });
  return openid;
}

/** Runs `use` with the base URL of a listening (or starting) Node server, then closes it. */
export async function onNodeServer(
  server: Server,
  use: (baseUrl: string) => Promise<void>,
): Promise<void> {
  if (!server.listening) await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    await use(`http://127.0.0.1:${port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
