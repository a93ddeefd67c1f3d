/**
 * The few `wx` members the SDK calls. The real `wx` (WechatMiniprogram.Wx) and the emulator's
 * headless runtime both satisfy it; tests and bundler users pass their own through `wx`.
 */
export interface CollectorWx {
  request(option: {
    url: string;
    method?: 'POST';
    data?: Record<string, unknown>;
    header?: Record<string, string>;
    timeout?: number;
    success?: (result: { statusCode: number; data: unknown }) => void;
    fail?: (result: { errMsg: string }) => void;
  }): unknown;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, data: unknown): void;
  onAppHide?(listener: () => void): void;
  offAppHide?(listener: () => void): void;
  onAppShow?(listener: () => void): void;
  offAppShow?(listener: () => void): void;
}

/** The `wx.getSystemInfoSync` member {@link supportsTemplateMessages} reads. */
export interface SystemInfoWx {
  getSystemInfoSync(): { version: string };
}

declare const wx: unknown;

/** The mini-program's global `wx`, or `undefined` outside WeChat. */
export function globalWx<T>(): T | undefined {
  return typeof wx === 'undefined' ? undefined : (wx as T);
}
