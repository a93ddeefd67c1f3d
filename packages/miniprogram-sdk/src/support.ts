import { MIN_WECHAT_VERSION } from './shared.js';
import { type AppBaseInfoWx, globalWx } from './wx-api.js';

/**
 * Whether this WeChat client (≥ 6.5.2) can receive template messages, from the version that
 * `wx.getAppBaseInfo()` reports (or the deprecated `wx.getSystemInfoSync()` on base libraries
 * before 2.20.1). False when the version cannot be read.
 */
export function supportsTemplateMessages(wx: AppBaseInfoWx | undefined = globalWx()): boolean {
  try {
    const info = wx && (wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync());
    const version = info && info.version;
    return typeof version === 'string' && compareVersions(version, MIN_WECHAT_VERSION) >= 0;
  } catch {
    return false;
  }
}

/** Compares dotted versions numerically: `6.10.0` is newer than `6.5.2`. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < left.length || i < right.length; i++) {
    const diff = (Number(left[i]) || 0) - (Number(right[i]) || 0);
    if (diff) return diff > 0 ? 1 : -1;
  }
  return 0;
}
