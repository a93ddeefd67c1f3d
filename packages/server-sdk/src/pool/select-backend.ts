import type { Store } from '../store/types.js';
import { MemoryCreditBackend } from './memory-backend.js';
import { RedisCreditBackend } from './redis-backend.js';
import type { CreditBackend } from './types.js';

/** The credit backend that lives where `store` keeps its data. */
export function creditBackendFor(store: Store): CreditBackend {
  switch (store.kind) {
    case 'memory':
      return new MemoryCreditBackend(store);
    case 'redis':
      return new RedisCreditBackend(store);
    default: {
      const unknown: never = store;
      throw new TypeError(`unsupported store kind ${(unknown as { kind?: unknown }).kind}`);
    }
  }
}
