export { createMemoryStore, type MemoryStoreOptions } from './memory.js';
export { createRedisStore, type RedisStoreOptions } from './redis.js';
export type { RedisClientLike } from './redis-client.js';
export type {
  AcceptanceReport,
  AcceptOutcome,
  Credit,
  CreditLimits,
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
  TakeRequest,
} from './types.js';
