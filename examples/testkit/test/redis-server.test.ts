import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisServerInstalled, startPrivateRedis } from '../src/index.ts';

const probe = async (url: string) => {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await redis.get('k');
  } catch {
    return 'down';
  } finally {
    redis.disconnect();
  }
};

describe.skipIf(!redisServerInstalled())('a private redis-server', () => {
  it('runs on a free port, survives a crash when persistent, and is gone after stop', async () => {
    const server = await startPrivateRedis({ persistent: true });
    try {
      const redis = new Redis(server.url);
      await redis.set('k', 'kept');
      redis.disconnect();
      await server.crash();
      expect(await probe(server.url)).toBe('down');
      await server.start();
      expect(await probe(server.url)).toBe('kept');
    } finally {
      await server.stop();
    }
    expect(await probe(server.url)).toBe('down');
  });
});
