import type { CollectorWx } from '../wx-api.js';

/** Items waiting for the backend, mirrored in one wx storage key. */
export interface StoredQueue<T> {
  /** The working copy: read it, never assign it. */
  readonly items: T[];
  /** Adds and writes through; past `max`, the oldest go first. */
  push(...added: T[]): void;
  /** Drops the items `drop` picks; writes only if something went. */
  drop(drop: (item: T) => unknown): void;
}

/**
 * A queue in memory, every change written through to `key` at once, so a killed app loses
 * nothing it accepted. A write that fails keeps the items in memory (still uploaded); the next
 * successful write persists them.
 */
export function storedQueue<T>(
  wx: CollectorWx,
  key: string,
  max: number,
  /** When the item was made: past `max`, the oldest go first. */
  madeAt: (item: T) => number,
  isItem: (value: unknown) => boolean,
  onStorageError: (message: string) => void,
): StoredQueue<T> {
  let items: T[] = [];
  const attempt = (run: () => void) => {
    try {
      run();
    } catch (error) {
      onStorageError(messageOf(error));
    }
  };
  const save = () => attempt(() => wx.setStorageSync(key, items));
  attempt(() => {
    const stored = wx.getStorageSync(key);
    if (Array.isArray(stored)) items = stored.filter(isItem);
  });
  return {
    get items() {
      return items;
    },
    push(...added) {
      items.push(...added);
      if (items.length > max) {
        items.sort((a, b) => madeAt(a) - madeAt(b));
        items.splice(0, items.length - max);
      }
      save();
    },
    drop(drop) {
      const before = items.length;
      items = items.filter((item) => !drop(item));
      if (items.length < before) save();
    },
  };
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
