import { type CollectorWx, messageOf } from '../wx-api.js';

/** Items waiting for the backend, mirrored in one wx storage key. */
export interface StoredQueue<T> {
  /** The working copy: read it, never change it (push and drop replace it). */
  items: T[];
  /** Adds and writes through; past the queue's maximum, the oldest go first. */
  push(added: T[]): void;
  /** Drops the items `drop` picks; writes only if something went. */
  drop(drop: (item: T) => unknown): void;
}

/**
 * A queue in memory, every change written through to `key` at once, so a killed app loses
 * nothing it accepted. A write that fails keeps the items in memory (still uploaded); the next
 * successful write persists them. Items are told apart by `madeAt` (a timestamp field): past
 * `max`, the oldest go; what storage holds is kept only if `isItem` says it is one of ours.
 */
export function storedQueue<T>(
  wx: CollectorWx,
  key: string,
  max: number,
  madeAt: keyof T,
  isItem: (value: unknown) => unknown,
  onStorageError: (message: string) => void,
): StoredQueue<T> {
  const attempt = (run: () => void) => {
    try {
      run();
    } catch (error) {
      onStorageError(messageOf(error));
    }
  };
  const save = (items: T[]) => {
    queue.items = items;
    attempt(() => wx.setStorageSync(key, items));
  };
  // An object, not a class: its methods close over the key and the store (smaller when minified).
  const queue: StoredQueue<T> = {
    items: [],
    push(added) {
      const items = queue.items.concat(added);
      if (items.length > max) {
        items.sort((a, b) => (a[madeAt] as number) - (b[madeAt] as number));
        items.splice(0, items.length - max);
      }
      save(items);
    },
    drop(drop) {
      const kept = queue.items.filter((item) => !drop(item));
      if (kept.length < queue.items.length) save(kept);
    },
  };
  attempt(() => {
    const stored = wx.getStorageSync(key);
    if (Array.isArray(stored)) queue.items = stored.filter(isItem);
  });
  return queue;
}
