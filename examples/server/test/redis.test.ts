import { createRedisStore, type RedisStore } from '@wxtpl/server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { startExampleEmulator, startTestStack } from './helpers.js';
import { deleteKeys, testRedis } from './support.js';

const { url, prefix } = testRedis();
const stores: RedisStore[] = [];

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await deleteKeys(url, prefix);
});

describe('with a Redis store', () => {
  it('two backend processes share tokens and formIds: one collects, the other spends', async () => {
    const emulator = await startExampleEmulator();
    const storeA = createRedisStore(url, { prefix });
    const storeB = createRedisStore(url, { prefix });
    stores.push(storeA, storeB);
    // The helper adds the templates (memory store); then two servers share one Redis.
    const a = await startTestStack({ messages: 'template' }, emulator);
    await a.close();
    const configA = { ...a.config };
    const tokenRequests = async () =>
      (await emulator.control.stats()).requests['/cgi-bin/stable_token'] ?? 0;
    const tokensBefore = await tokenRequests();
    const serverA = await createServer(configA, { store: storeA });
    const serverB = await createServer(configA, { store: storeB });
    const urlA = await serverA.listen(0, '127.0.0.1');
    const urlB = await serverB.listen(0, '127.0.0.1');
    try {
      const { code, openid } = await emulator.control.login({ appId: configA.appId });
      const login = await (await fetch(`${urlA}/login`, json({ code }))).json();
      const auth = { authorization: `Bearer ${login.token}` };
      const [formId] = await emulator.control.formIds({ appId: configA.appId, openid });
      const collected = await fetch(
        `${urlA}/formids`,
        json({ items: [{ formId, createdAt: Date.now() }] }, auth),
      );
      expect(collected.status).toBe(200);

      const booked = await fetch(
        `${urlB}/bookings`,
        json(
          { service: '洗牙', time: '2026年12月8日 10:30', store: '珠江新城店', contact: '李雷' },
          auth,
        ),
      );
      expect((await booked.json()).notification).toMatchObject({ sent: true, source: 'form' });
      const inbox = await emulator.control.inbox({ appId: configA.appId, openid });
      expect(inbox.map((m) => m.form_id)).toEqual([formId]);
      expect(await serverA.pool.available(openid)).toBe(0);
      // One access_token for both processes: asked for once, kept in Redis.
      expect(await tokenRequests()).toBe(tokensBefore + 1);
    } finally {
      await serverA.close();
      await serverB.close();
      await emulator.close();
    }
  });
});

function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
