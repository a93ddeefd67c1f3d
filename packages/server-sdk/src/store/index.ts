export { createMemoryStore, type MemoryStoreOptions } from './memory.js';
export { createRedisStore, type RedisStoreOptions } from './redis.js';
export type { RedisClientLike } from './redis-client.js';
export type * from './types.js';
