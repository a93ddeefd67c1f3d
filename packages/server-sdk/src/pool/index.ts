export { CreditLease } from './credit-lease.js';
export { CreditStoreError, InvalidOpenidError, PoolInputError } from './errors.js';
export { FormIdPool, type FormIdPoolOptions, type TakeResult } from './form-id-pool.js';
export { MemoryCreditBackend } from './memory-backend.js';
export { RedisCreditBackend } from './redis-backend.js';
export { creditBackendFor } from './select-backend.js';
export type {
  Credit,
  CreditBackend,
  CreditOwner,
  CreditSource,
  IngestItem,
  IngestResult,
  InsertOutcome,
  NewCredit,
  SendLimit,
  TakeOutcome,
  TakeRef,
} from './types.js';
