import type { CreditStore } from '../store/types.js';
import { CreditStoreError } from './errors.js';

/**
 * The store's credits with every failure (a Redis error, a store of your own throwing) turned into
 * a {@link CreditStoreError}, so that callers of the pool and the Notifier only ever see the SDK's
 * typed errors.
 */
export function guardCredits(credits: CreditStore): CreditStore {
  const guard =
    <A extends unknown[], R>(operation: keyof CreditStore, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call.apply(credits, args);
      } catch (error) {
        if (error instanceof CreditStoreError) throw error;
        throw new CreditStoreError(operation, { cause: error });
      }
    };
  return {
    insert: guard('insert', credits.insert),
    accept: guard('accept', credits.accept),
    revoke: guard('revoke', credits.revoke),
    audience: guard('audience', credits.audience),
    take: guard('take', credits.take),
    restore: guard('restore', credits.restore),
    discard: guard('discard', credits.discard),
    count: guard('count', credits.count),
    list: guard('list', credits.list),
    purge: guard('purge', credits.purge),
  };
}
