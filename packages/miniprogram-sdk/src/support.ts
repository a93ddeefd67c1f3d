import { MIN_WECHAT_VERSION } from './shared.js';
import { type AppBaseInfoWx, globalWx } from './wx-api.js';

/**
 * Whether this WeChat client (≥ 6.5.2) can receive template messages, from the version that
 * `wx.getAppBaseInfo()` reports (or the deprecated `wx.getSystemInfoSync()` on base libraries
 * before 2.20.1). False when the version cannot be read.
 */
export function supportsTemplateMessages(wx: AppBaseInfoWx | undefined = globalWx()): boolean {
  // Typed as the newer shape: a missing `wx` or API throws, and the catch below answers false.
  const api = wx as {
    getAppBaseInfo?(): { version: string };
    getSystemInfoSync(): { version: string };
  };
  try {
    const { version } = api.getAppBaseInfo ? api.getAppBaseInfo() : api.getSystemInfoSync();
    return compareVersions(version, MIN_WECHAT_VERSION) >= 0;
  } catch {
    // No wx, no version API, one that throws, or a version that is no string (its `split`
    // throws in compareVersions): unknown means no.
    return false;
  }
}

/** Compares dotted versions numerically: `6.10.0` is newer than `6.5.2`. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < left.length || i < right.length; i++) {
    // Unary plus is Number(): a missing or non-numeric part counts as 0.
    const diff = (+(left[i] as string) || 0) - (+(right[i] as string) || 0);
    if (diff) return Math.sign(diff);
  }
  return 0;
}
