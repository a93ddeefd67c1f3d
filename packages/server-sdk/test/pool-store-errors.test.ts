import { createServer } from 'node:net';
import { defineTemplate } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { WxtplError } from '../src/errors.js';
import { Notifier } from '../src/notify/index.js';
import {
  type CreditBackend,
  CreditStoreError,
  FormIdPool,
  PoolInputError,
} from '../src/pool/index.js';
import { createMemoryStore, createRedisStore } from '../src/store/index.js';

const APP = 'wxstoreerrors';
const template = defineTemplate({
  id: 'tpl',
  title: '购买成功通知',
  keywords: { item: 'keyword1' },
});

/** A backend whose every method fails the way a Redis client does when the server is gone. */
function brokenBackend(error: Error): CreditBackend {
  const fail = async () => {
    throw error;
  };
  return {
    insert: fail,
    take: fail,
    restore: fail,
    discard: fail,
    count: fail,
    list: fail,
    purge: fail,
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
    const pool = new FormIdPool({
      store: createMemoryStore(),
      appId: APP,
      backend: brokenBackend(cause),
    });
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
      expect((error as CreditStoreError).cause).toBe(cause);
    }
  });

  it("passes the SDK's own errors through unchanged", async () => {
    const own = new PoolInputError('bad input');
    const pool = new FormIdPool({
      store: createMemoryStore(),
      appId: APP,
      backend: brokenBackend(own),
    });
    await expect(pool.available('o-1')).rejects.toBe(own);
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
      store: createMemoryStore(),
      appId: APP,
      backend: brokenBackend(new Error('Reached the max retries per request limit')),
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
    } finally {
      await store.close();
    }
  });
});
