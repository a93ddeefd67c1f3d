export { createMemoryStore, type MemoryStoreOptions } from './memory.js';
export { createRedisStore, type RedisStoreOptions } from './redis.js';
export type {
  Credit,
  CreditOwner,
  CreditSource,
  CreditStore,
  InsertOutcome,
  MemoryStore,
  NewCredit,
  RedisStore,
  SendLimit,
  Store,
  TakenCredit,
  TakeOutcome,
} from './types.js';
