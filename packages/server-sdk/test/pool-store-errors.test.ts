import { createServer } from 'node:net';
import { defineTemplate } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { WxtplError } from '../src/errors.js';
import { Notifier } from '../src/notify/index.js';
import { CreditStoreError, FormIdPool } from '../src/pool/index.js';
import {
  type CreditStore,
  createMemoryStore,
  createRedisStore,
  type Store,
} from '../src/store/index.js';

const APP = 'wxstoreerrors';
const template = defineTemplate({
  id: 'tpl',
  title: '购买成功通知',
  keywords: { item: 'keyword1' },
});

/**
 * A store of one's own (the port implemented outside the SDK) whose credits fail the way a Redis
 * client does when the server is gone.
 */
function brokenStore(error: Error): Store {
  const fail = async () => {
    throw error;
  };
  const credits: CreditStore = {
    insert: fail,
    accept: fail,
    revoke: fail,
    audience: fail,
    take: fail,
    restore: fail,
    discard: fail,
    count: fail,
    list: fail,
    purge: fail,
  };
  const memory = createMemoryStore();
  return {
    get: (key) => memory.get(key),
    set: (key, value, ttlMs) => memory.set(key, value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => memory.setIfAbsent(key, value, ttlMs),
    compareAndDelete: (key, expected) => memory.compareAndDelete(key, expected),
    delete: (key) => memory.delete(key),
    increment: (key, windowMs) => memory.increment(key, windowMs),
    credits,
    close: () => memory.close(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('a failing credit store', () => {
  it('surfaces as CreditStoreError from every pool operation, the cause kept', async () => {
    const cause = new Error('Connection is closed.');
    const pool = new FormIdPool({ store: brokenStore(cause), appId: APP });
    const calls = [
      pool.take('o-1'),
      pool.ingest('o-1', [{ formId: 'f'.repeat(32) }]),
      pool.available('o-1'),
      pool.credits('o-1'),
      pool.purgeExpired(),
    ];
    for (const call of calls) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CreditStoreError);
      expect(error).toBeInstanceOf(WxtplError);
      expect((error as CreditStoreError).cause).toMatchObject({
        name: 'Error',
        message: 'Connection is closed.',
      });
      expect((error as CreditStoreError).code).toBe('CREDIT_STORE');
    }
  });

  it("keeps a store error's command arguments out of the error", async () => {
    const cause = Object.assign(new Error('OOM command not allowed'), {
      name: 'ReplyError',
      command: { name: 'evalsha', args: ['sha', 'secret-credit-id'] },
    });
    const pool = new FormIdPool({ store: brokenStore(cause), appId: APP });
    const error = await pool.available('o-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreditStoreError);
    const { inspect } = await import('node:util');
    expect(inspect(error, { depth: 10 })).not.toContain('secret-credit-id');
    expect((error as CreditStoreError).cause).toMatchObject({ name: 'ReplyError' });
  });

  it('makes notify reject typed without calling WeChat', async () => {
    let sends = 0;
    const client = {
      appId: APP,
      messages: {
        send: async () => {
          sends += 1;
          return { errcode: 0 as const, errmsg: 'ok' };
        },
      },
    };
    const pool = new FormIdPool({
      store: brokenStore(new Error('Reached the max retries per request limit')),
      appId: APP,
    });
    const notifier = new Notifier({ client, pool });
    await expect(
      notifier.notify({ openid: 'o-1', template, data: { item: 'x' } }),
    ).rejects.toBeInstanceOf(CreditStoreError);
    expect(sends).toBe(0);
  });

  it('is what a Redis store reports when nothing listens on its port', async () => {
    const store = createRedisStore(`redis://127.0.0.1:${await freePort()}`, { prefix: 'down:' });
    try {
      const pool = new FormIdPool({ store, appId: APP });
      await expect(pool.available('o-1')).rejects.toBeInstanceOf(CreditStoreError);
      await expect(pool.take('o-1')).rejects.toBeInstanceOf(CreditStoreError);
      // Said in words that tell what to check, not as ioredis's retry-option advice.
      const error = await pool.available('o-1').catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/Redis is not answering: is it running/);
      expect((error as Error).message).not.toMatch(/maxRetriesPerRequest/);
    } finally {
      await store.close();
    }
  });
});
