import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { createRedisStore, type Store } from '@wxtpl/server-sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { breakableStore, startExampleEmulator, startTestStack, testConfig } from './helpers.js';
import { testRedis } from './support.js';

// GET /health checks the store: 200 when its keys and its credits answer, else 503 naming the part
// that failed (details in the log, not in the answer).

type Emulator = Awaited<ReturnType<typeof startExampleEmulator>>;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startExampleEmulator();
  // Adds the templates once, so that servers on other stores find them in the account.
  await (await startTestStack({}, emulator)).close();
});
afterAll(async () => {
  await emulator?.close();
});

/** The example server on `store`, started while the store works; then `breakIt`; GET /health. */
async function health(store: Store, breakIt: () => void | Promise<void> = () => {}) {
  const server = await createServer(testConfig(emulator.url), { store });
  const url = await server.listen(0, '127.0.0.1');
  try {
    await breakIt();
    const response = await fetch(`${url}/health`);
    return { status: response.status, body: await response.json() };
  } finally {
    await server.close();
  }
}

/**
 * A TCP relay to Redis that can be cut: afterwards every connection through it is closed at once,
 * as when Redis or the network to it is gone.
 */
async function cuttableRelay(target: URL) {
  let cut = false;
  const sockets = new Set<Socket>();
  const relay = createTcpServer((client) => {
    if (cut) return void client.destroy();
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

describe('GET /health', () => {
  it('answers 200 with every check ok on a live Redis, and leaves no probe key behind', async () => {
    const { url, prefix } = testRedis();
    const store = createRedisStore(url, { prefix });
    const redis = new Redis(url);
    try {
      const answer = await health(store);
      expect(answer).toEqual({
        status: 200,
        body: { ok: true, mode: 'emulator', checks: { store: 'ok', credits: 'ok' } },
      });
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.filter((key) => key.includes('health'))).toEqual([]);
      // Only this run's keys (the server's access_token), never a FLUSH.
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await store.close();
      redis.disconnect();
    }
  });

  it('answers 503 with both parts failed when Redis is gone', async () => {
    const { url, prefix } = testRedis();
    const relay = await cuttableRelay(new URL(url));
    const store = createRedisStore(relay.url, { prefix, commandTimeoutMs: 300 });
    try {
      const answer = await health(store, relay.cut);
      expect(answer).toEqual({
        status: 503,
        body: { ok: false, mode: 'emulator', checks: { store: 'failed', credits: 'failed' } },
      });
    } finally {
      await store.close();
      await relay.close();
    }
  });

  it('names the part that failed: the keys, or the credits', async () => {
    const keys = breakableStore();
    const keysDown = await health(keys.store, () => keys.fail('set'));
    expect(keysDown.status).toBe(503);
    expect(keysDown.body.checks).toEqual({ store: 'failed', credits: 'ok' });
    expect(JSON.stringify(keysDown.body)).not.toContain('connection lost');
    const credits = breakableStore();
    const creditsDown = await health(credits.store, () => credits.fail('credits.count'));
    expect(creditsDown.status).toBe(503);
    expect(creditsDown.body.checks).toEqual({ store: 'ok', credits: 'failed' });
  });
});
