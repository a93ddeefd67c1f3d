import { WxtplError } from '../errors.js';
import { CreditStoreError } from './errors.js';
import type { CreditBackend } from './types.js';

type Operation = keyof CreditBackend;

/**
 * The backend with its store failures (ioredis errors, a backend of your own throwing) turned
 * into {@link CreditStoreError}, so that callers of the pool and the Notifier only ever see the
 * SDK's typed errors.
 */
export function guardBackend(backend: CreditBackend): CreditBackend {
  const guard =
    <A extends unknown[], R>(operation: Operation, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call.apply(backend, args);
      } catch (error) {
        if (error instanceof WxtplError) throw error;
        throw new CreditStoreError(operation, { cause: error });
      }
    };
  return {
    insert: guard('insert', backend.insert),
    take: guard('take', backend.take),
    restore: guard('restore', backend.restore),
    discard: guard('discard', backend.discard),
    count: guard('count', backend.count),
    list: guard('list', backend.list),
    purge: guard('purge', backend.purge),
  };
}
