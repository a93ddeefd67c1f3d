import type { CollectItem } from '../shared.js';
import type { CollectorWx } from '../wx-api.js';

/**
 * The formIds waiting for the backend, mirrored in one wx storage key. Memory is the working
 * copy; every change is written through at once, so a killed app loses nothing it accepted.
 */
export class FormIdQueue {
  items: CollectItem[];

  constructor(
    private readonly wx: CollectorWx,
    private readonly key: string,
    private readonly max: number,
    private readonly onStorageError: (message: string) => void,
  ) {
    this.items = [];
    try {
      const stored = wx.getStorageSync(key);
      if (Array.isArray(stored)) this.items = stored.filter(isItem);
    } catch (error) {
      onStorageError(messageOf(error));
    }
  }

  has(formId: string): boolean {
    return this.items.some((item) => item.formId === formId);
  }

  /** Adds and writes through; when over `max`, the oldest (soonest to expire) go first. */
  push(item: CollectItem): void {
    this.items.push(item);
    if (this.items.length > this.max) {
      this.items.sort((a, b) => a.createdAt - b.createdAt);
      this.items.splice(0, this.items.length - this.max);
    }
    this.save();
  }

  /** Drops items for which `drop` is true; writes only if something went. */
  removeWhere(drop: (item: CollectItem) => boolean): number {
    const before = this.items.length;
    this.items = this.items.filter((item) => !drop(item));
    const removed = before - this.items.length;
    if (removed > 0) this.save();
    return removed;
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

function isItem(value: unknown): value is CollectItem {
  const item = value as CollectItem | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.formId === 'string' &&
    typeof item.createdAt === 'number'
  );
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
