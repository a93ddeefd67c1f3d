import type { RequestSubscribeMessageResult, SubscriptionsSetting } from '@wxtpl/shared-types';

/**
 * The subset of WeChat's `wx` API that the headless runtime implements. Shapes follow
 * miniprogram-api-typings (`WechatMiniprogram.*`) field for field, so code written against the
 * real `wx` runs unchanged; only the members below exist.
 */

/** What every callback-style API passes to `fail` (and `success`, alongside its data). */
export interface WxCallbackResult {
  errMsg: string;
}

/** `success` / `fail` / `complete` callbacks shared by every async API. */
export interface WxCallbacks<S> {
  success?: (result: S) => void;
  fail?: (result: WxCallbackResult) => void;
  complete?: (result: S | WxCallbackResult) => void;
}

/** HTTP methods `wx.request` accepts. */
export type WxRequestMethod =
  | 'OPTIONS'
  | 'GET'
  | 'HEAD'
  | 'POST'
  | 'PUT'
  | 'DELETE'
  | 'TRACE'
  | 'CONNECT';

/** `wx.request` options (WechatMiniprogram.RequestOption). */
export interface WxRequestOption extends WxCallbacks<WxRequestSuccessResult> {
  url: string;
  data?: string | Record<string, unknown> | ArrayBuffer;
  header?: Record<string, string>;
  method?: WxRequestMethod;
  /** Milliseconds; WeChat's default is 60 000. */
  timeout?: number;
  /** `json` (default) parses the body when it is JSON; anything else leaves it a string. */
  dataType?: 'json' | string;
  responseType?: 'text' | 'arraybuffer';
}

/** What `wx.request` passes to `success`, for every HTTP status. */
export interface WxRequestSuccessResult {
  data: unknown;
  statusCode: number;
  header: Record<string, string>;
  cookies: string[];
  errMsg: string;
}

/** The handle `wx.request` returns. */
export interface WxRequestTask {
  /** Cancels the request: `fail` receives `request:fail abort`. */
  abort(): void;
}

/** What `wx.login` passes to `success`. */
export interface WxLoginSuccessResult {
  code: string;
  errMsg: string;
}

/** `wx.getStorageInfoSync()` (sizes in KB, as on a phone). */
export interface WxStorageInfo {
  keys: string[];
  currentSize: number;
  limitSize: number;
}

/** The part of `wx.getSystemInfoSync()` the runtime reports. */
export interface WxSystemInfo {
  /** WeChat client version, e.g. `8.0.50`. */
  version: string;
  /** Base library version. */
  SDKVersion: string;
  platform: string;
  system: string;
  brand: string;
  model: string;
  language: string;
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  windowWidth: number;
  windowHeight: number;
  statusBarHeight: number;
}

/** `wx.getAppBaseInfo()` (base library ≥ 2.20.1), from the same phone as `getSystemInfoSync`. */
export interface WxAppBaseInfo {
  SDKVersion: string;
  /** WeChat client version. */
  version: string;
  language: string;
  enableDebug: boolean;
  theme: 'light' | 'dark';
  host: { env: 'WeChat' };
}

/** What `onAppShow` listeners receive (WechatMiniprogram.LaunchOptionsApp). */
export interface WxAppShowOptions {
  apiCategory: 'default' | 'nativeFunctionalized' | 'browseOnly' | 'embedded' | 'chatTool';
  forwardMaterials: [];
  hostExtraData: { host_scene: string };
  path: string;
  query: Record<string, string>;
  referrerInfo: { appId: string; extraData: Record<string, unknown> };
  scene: number;
  shareTicket?: string;
}

/** What `onAppHide` listeners receive (WechatMiniprogram.HideOptionsApp). */
export interface WxAppHideOptions {
  /** 0 the user left, 1 another mini-program opened, 2 a native page opened, 3 other. */
  reason?: 0 | 1 | 2 | 3;
}

/** `offAppHide` / `offAppShow` take back any listener given before. */
// biome-ignore lint/suspicious/noExplicitAny: the real typings accept any listener here
export type WxAnyListener = (...args: any[]) => void;

/** `fail` of `wx.requestSubscribeMessage`: the phone's errCode, except outside a tap. */
export interface WxSubscribeFailResult extends WxCallbackResult {
  errCode?: number;
}

/** `wx.requestSubscribeMessage` options. */
export interface WxRequestSubscribeMessageOption
  extends Omit<WxCallbacks<WxRequestSubscribeMessageResult>, 'fail' | 'complete'> {
  /** At most 3 template ids, all one-time or all long-term. */
  tmplIds: string[];
  fail?: (result: WxSubscribeFailResult) => void;
  complete?: (result: WxRequestSubscribeMessageResult | WxSubscribeFailResult) => void;
}

/** `success` of `wx.requestSubscribeMessage`: `errMsg` and one result per template id. */
export type WxRequestSubscribeMessageResult = RequestSubscribeMessageResult;

/** `wx.getSetting` options. */
export interface WxGetSettingOption extends WxCallbacks<WxGetSettingResult> {
  /** Also report `subscriptionsSetting` (base library ≥ 2.10.1). */
  withSubscriptions?: boolean;
}

/** What `wx.getSetting` passes to `success`. */
export interface WxGetSettingResult {
  /** Scopes the user granted (the runtime grants none). */
  authSetting: Record<string, boolean>;
  subscriptionsSetting?: SubscriptionsSetting;
  errMsg: string;
}

/** The headless `wx` object. */
export interface HeadlessWx {
  /** Without `success`/`fail`/`complete`, returns a promise (as WeChat does). */
  login(
    option?: WxCallbacks<WxLoginSuccessResult> & { timeout?: number },
  ): Promise<WxLoginSuccessResult>;
  request(option: WxRequestOption): WxRequestTask;
  setStorageSync(key: string, data: unknown): void;
  getStorageSync<T = unknown>(key: string): T;
  removeStorageSync(key: string): void;
  clearStorageSync(): void;
  getStorageInfoSync(): WxStorageInfo;
  /** The async storage calls also return a promise when given no callback. */
  setStorage(
    option: { key: string; data: unknown } & WxCallbacks<WxCallbackResult>,
  ): Promise<WxCallbackResult>;
  getStorage(
    option: { key: string } & WxCallbacks<{ data: unknown; errMsg: string }>,
  ): Promise<{ data: unknown; errMsg: string }>;
  removeStorage(option: { key: string } & WxCallbacks<WxCallbackResult>): Promise<WxCallbackResult>;
  onAppHide(listener: (options: WxAppHideOptions) => void): void;
  offAppHide(listener?: WxAnyListener): void;
  onAppShow(listener: (options: WxAppShowOptions) => void): void;
  offAppShow(listener?: WxAnyListener): void;
  getSystemInfoSync(): WxSystemInfo;
  /** Absent below base library 2.20.1, as on a phone. */
  getAppBaseInfo?(): WxAppBaseInfo;
  /**
   * Asks the user to accept subscribe templates; only inside a tap (see `WxRuntime.tap`). Absent
   * below base library 2.4.4, as on a phone.
   */
  requestSubscribeMessage(
    option: WxRequestSubscribeMessageOption,
  ): Promise<WxRequestSubscribeMessageResult>;
  getSetting(option?: WxGetSettingOption): Promise<WxGetSettingResult>;
}
