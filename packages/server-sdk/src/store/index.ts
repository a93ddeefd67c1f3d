export type { MemoryStore, RedisStore, Store } from './types.js';
