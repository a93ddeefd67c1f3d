import type { WxStorageInfo } from './types.js';

/** WeChat's per-key limit: 1 MB. */
export const WX_STORAGE_MAX_ENTRY_BYTES = 1024 * 1024;
/** WeChat's per-user, per-app limit: 10 MB. */
export const WX_STORAGE_MAX_TOTAL_BYTES = 10 * 1024 * 1024;

/** Options of {@link createWxStorage}. */
export interface WxStorageOptions {
  maxEntryBytes?: number;
  maxTotalBytes?: number;
}

/** A write failure the test asked for (see {@link WxStorage.failWrites}). */
export interface StorageFault {
  /** Text after `setStorageSync:fail ` (default: the 10 MB quota message). */
  reason?: string;
  /** How many writes fail before storage recovers (default: until `restore()`). */
  times?: number;
}

/** Thrown by the sync storage API, as WeChat does: the message says which call failed. */
export class WxStorageError extends Error {
  /** The reason without the `api:fail ` prefix, for the async API's `errMsg`. */
  readonly reason: string;
  constructor(api: string, reason: string) {
    super(`${api}:fail ${reason}`);
    this.name = 'WxStorageError';
    this.reason = reason;
  }
}

const QUOTA_REASON = 'exceed storage max size 10MB';
const ENTRY_REASON = 'entry size limit reached';

interface Entry {
  json: string;
  bytes: number;
}

/**
 * The phone's local storage of one mini-program for one user. Hand the same object to a new
 * runtime to model an app that was killed and relaunched: what was written survives.
 */
export class WxStorage {
  readonly maxEntryBytes: number;
  readonly maxTotalBytes: number;
  /** Successful writes (set, remove, clear) since creation: the figure the collector budgets. */
  writes = 0;
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private fault: Required<StorageFault> | null = null;

  constructor(options: WxStorageOptions = {}) {
    this.maxEntryBytes = options.maxEntryBytes ?? WX_STORAGE_MAX_ENTRY_BYTES;
    this.maxTotalBytes = options.maxTotalBytes ?? WX_STORAGE_MAX_TOTAL_BYTES;
  }

  /** Makes the next writes fail the way a full storage does on a phone. */
  failWrites(fault: StorageFault = {}): void {
    this.fault = { reason: fault.reason ?? QUOTA_REASON, times: fault.times ?? Infinity };
  }

  /** Ends a {@link failWrites} fault early. */
  restore(): void {
    this.fault = null;
  }

  /** Stores a copy of `data` (JSON-serialisable values, like WeChat); `api` names the caller in errors. */
  set(key: string, data: unknown, api = 'setStorageSync'): void {
    checkKey(api, key);
    if (this.fault) {
      const { reason } = this.fault;
      this.fault.times -= 1;
      if (this.fault.times <= 0) this.fault = null;
      throw new WxStorageError(api, reason);
    }
    const json = JSON.stringify(data === undefined ? null : data);
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(json);
    if (bytes > this.maxEntryBytes) throw new WxStorageError(api, ENTRY_REASON);
    const previous = this.entries.get(key)?.bytes ?? 0;
    if (this.totalBytes - previous + bytes > this.maxTotalBytes) {
      throw new WxStorageError(api, QUOTA_REASON);
    }
    this.entries.set(key, { json, bytes });
    this.totalBytes += bytes - previous;
    this.writes += 1;
  }

  /** A fresh copy of the stored value, or `''` for a missing key (WeChat's answer). */
  get(key: string, api = 'getStorageSync'): unknown {
    checkKey(api, key);
    const entry = this.entries.get(key);
    return entry ? JSON.parse(entry.json) : '';
  }

  /** True when `key` holds a value. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  remove(key: string, api = 'removeStorageSync'): void {
    checkKey(api, key);
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    this.writes += 1;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
    this.writes += 1;
  }

  info(): WxStorageInfo {
    return {
      keys: [...this.entries.keys()],
      currentSize: Math.ceil(this.totalBytes / 1024),
      limitSize: Math.floor(this.maxTotalBytes / 1024),
    };
  }
}

/** Creates an empty phone storage (see {@link WxStorage}). */
export function createWxStorage(options: WxStorageOptions = {}): WxStorage {
  return new WxStorage(options);
}

function checkKey(api: string, key: unknown): void {
  if (typeof key !== 'string') {
    throw new WxStorageError(
      api,
      `parameter error: parameter.key should be String instead of ${typeName(key)};`,
    );
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'Null';
  if (value === undefined) return 'Undefined';
  const name = typeof value;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
