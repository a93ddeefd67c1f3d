import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis every test uses (the real one of the CI machine). */
export const REDIS_URL = process.env.WXTPL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run shares. */
export function uniquePrefix(label = 'sdk'): string {
  return `wxtpl-test:${label}:${process.pid}:${randomUUID()}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A fresh client plus a cleanup that removes the prefix's keys and disconnects. */
export function testRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
}
