import type { CollectorWx } from '../wx-api.js';

/**
 * Items waiting for the backend, mirrored in one wx storage key. Memory is the working copy;
 * every change is written through at once, so a killed app loses nothing it accepted.
 */
export class StoredQueue<T> {
  items: T[] = [];

  constructor(
    private readonly wx: CollectorWx,
    private readonly key: string,
    private readonly max: number,
    /** When the item was made: past `max`, the oldest go first. */
    private readonly madeAt: (item: T) => number,
    isItem: (value: unknown) => boolean,
    private readonly onStorageError: (message: string) => void,
  ) {
    try {
      const stored = wx.getStorageSync(key);
      if (Array.isArray(stored)) this.items = stored.filter(isItem);
    } catch (error) {
      onStorageError(messageOf(error));
    }
  }

  /** Adds and writes through; when over `max`, the oldest (soonest to expire) go first. */
  push(...added: T[]): void {
    const items = this.items;
    items.push(...added);
    if (items.length > this.max) {
      items.sort((a, b) => this.madeAt(a) - this.madeAt(b));
      items.splice(0, items.length - this.max);
    }
    this.save();
  }

  /** Drops items for which `drop` is true; writes only if something went. */
  removeWhere(drop: (item: T) => boolean): void {
    const before = this.items.length;
    this.items = this.items.filter((item) => !drop(item));
    if (this.items.length < before) this.save();
  }

  private save(): void {
    try {
      this.wx.setStorageSync(this.key, this.items);
    } catch (error) {
      // Items stay in memory and are still uploaded; the next successful write persists them.
      this.onStorageError(messageOf(error));
    }
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
