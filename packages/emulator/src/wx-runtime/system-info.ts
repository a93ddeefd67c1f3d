import type { WxSystemInfo } from './types.js';

/** A current WeChat client: template messages (≥ 6.5.2) and every API the runtime offers. */
export const DEFAULT_WECHAT_VERSION = '8.0.50';

/** `wx.getSystemInfoSync()` of an ordinary phone, with the caller's overrides. */
export function systemInfo(overrides: Partial<WxSystemInfo> = {}): WxSystemInfo {
  return {
    version: DEFAULT_WECHAT_VERSION,
    SDKVersion: '3.5.8',
    platform: 'ios',
    system: 'iOS 17.5',
    brand: 'iPhone',
    model: 'iPhone 15',
    language: 'zh_CN',
    pixelRatio: 3,
    screenWidth: 393,
    screenHeight: 852,
    windowWidth: 393,
    windowHeight: 852,
    statusBarHeight: 59,
    ...overrides,
  };
}

/** True when version `a` (`2.10.1`) is at least `b`. */
export function atLeastVersion(a: string, b: string): boolean {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? 0;
    const y = right[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
