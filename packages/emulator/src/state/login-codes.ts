import { randomAlnum } from './ids.js';
import { SavedMap } from './saved-map.js';

/** WeChat login codes live 5 minutes. */
const CODE_TTL_MS = 5 * 60 * 1000;

interface CodeRecord {
  appId: string;
  openid: string;
  expiresAt: number;
}

/** Serialised login codes. */
export type LoginCodeDump = [string, CodeRecord][];

/** Codes that `wx.login` yields; each is exchanged once by jscode2session. */
export class LoginCodeStore extends SavedMap<CodeRecord> {
  issue(appId: string, openid: string, now: number): string {
    const code = `0${randomAlnum(31)}`;
    this.entries.set(code, { appId, openid, expiresAt: now + CODE_TTL_MS });
    return code;
  }

  /** The openid behind `code` (consuming it), or null when unknown, used, expired or another app's. */
  exchange(code: string, appId: string, now: number): string | null {
    const record = this.entries.get(code);
    if (record === undefined || record.appId !== appId) return null;
    this.entries.delete(code);
    return now < record.expiresAt ? record.openid : null;
  }
}
