/**
 * The few `wx` members the SDK calls. The real `wx` (WechatMiniprogram.Wx) and the emulator's
 * headless runtime both satisfy them; tests and bundler users pass their own through `wx`.
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

/**
 * What {@link supportsTemplateMessages} reads the WeChat version from: `wx.getAppBaseInfo()`
 * (base library ≥ 2.20.1), else the deprecated `wx.getSystemInfoSync()`.
 */
export type AppBaseInfoWx =
  | { getAppBaseInfo(): { version: string }; getSystemInfoSync?(): { version: string } }
  | { getAppBaseInfo?: undefined; getSystemInfoSync(): { version: string } };

/** @deprecated Renamed {@link AppBaseInfoWx}. */
export type SystemInfoWx = AppBaseInfoWx;

/** `fail` of `wx.requestSubscribeMessage`: `errCode` is absent outside a tap. */
export interface SubscribeFailResult {
  errMsg: string;
  errCode?: number;
}

/** The `wx` members {@link requestSubscribe} and {@link getSubscriptionSettings} call. */
export interface SubscribeWx {
  /** Absent below base library 2.4.4. */
  requestSubscribeMessage?(option: {
    tmplIds: string[];
    success?: (result: Record<string, string>) => void;
    fail?: (result: SubscribeFailResult) => void;
  }): unknown;
  getSetting?(option: {
    withSubscriptions?: boolean;
    success?: (result: {
      subscriptionsSetting?: {
        mainSwitch: boolean;
        itemSettings?: Record<string, string>;
      };
    }) => void;
    fail?: (result: { errMsg: string }) => void;
  }): unknown;
}

declare const wx: unknown;

/** The mini-program's global `wx`, or `undefined` outside WeChat. */
export function globalWx<T>(): T | undefined {
  return typeof wx === 'undefined' ? undefined : (wx as T);
}

type WxApi = (this: object, option: Record<string, unknown>) => unknown;

/**
 * Calls the callback-style `wx[api](option)` and settles with what its `success` or `fail` gets
 * (a call that throws rejects too). The call is made synchronously, so a tap's gesture still
 * holds for it. One helper for the collector's uploads and the subscribe calls.
 */
export function callWx<T>(wx: object, api: string, option: Record<string, unknown>): Promise<T> {
  return new Promise((success, fail) => {
    option.success = success;
    option.fail = fail;
    const call = (wx as Record<string, WxApi>)[api] as WxApi;
    call.call(wx, option);
  });
}

/** The message of anything thrown or any `fail` result: `errMsg`, `message`, or the value. */
export function messageOf(error: unknown): string {
  const { errMsg, message } = (error || {}) as { errMsg?: string; message?: string };
  return errMsg || message || String(error);
}
