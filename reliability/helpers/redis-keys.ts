import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The shared Redis of the test machine (CI starts it). */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a test knob, no turbo task reads it
export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other run uses. */
export function uniquePrefix(): string {
  return `wxtpl-test:reliability:${process.pid}:${randomUUID()}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
