export { CreditLease } from './credit-lease.js';
export { CreditStoreError, InvalidOpenidError } from './errors.js';
export { FormIdPool, type FormIdPoolOptions, type TakeResult } from './form-id-pool.js';
export type { IngestItem, IngestResult } from './types.js';
