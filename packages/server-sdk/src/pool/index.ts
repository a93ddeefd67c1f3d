export { CreditLease } from './credit-lease.js';
export {
  type AcceptOptions,
  CreditPool,
  type CreditPoolOptions,
  FormIdPool,
  type FormIdPoolOptions,
  type TakeResult,
} from './credit-pool.js';
export { CreditStoreError, InvalidOpenidError, RateLimitedError } from './errors.js';
export type { AcceptResult, IngestItem, IngestResult } from './types.js';
