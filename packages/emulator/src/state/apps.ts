import { createHash } from 'node:crypto';
import { DAILY_SEND_LIMIT, InvalidArgumentError } from '@wxtpl/shared-types';
import { type PushConfig, type PushConfigInput, parsePushConfig } from './push-config.js';
import type { SendRateRule } from './send-rate.js';

/** An app (mini-program account) as configured on the emulator. */
export interface AppConfig {
  appId: string;
  appSecret: string;
  /** The pages the app declares; when given, a send's `page` must be one of them. */
  pages?: string[];
  /**
   * Dev only: jscode2session accepts any code of this app that the emulator does not hold (the
   * codes WeChat DevTools' `wx.login` yields) and answers the app's DevTools user
   * ({@link devtoolsOpenid}). Never a property of a real account.
   */
  devtoolsLogin?: boolean;
  /** Message push to the app's server (safe mode when `encodingAESKey` is given); null: none. */
  push?: PushConfigInput | null;
}

/** An app and its per-account settings. */
export interface AppRecord {
  appId: string;
  appSecret: string;
  /** Normalised page paths (no leading slash, no query), or null when the app declares none. */
  pages: Set<string> | null;
  dailySendLimit: number;
  /** Users (openids) the app has met: through a login, a formId, a prepay_id or a popup. */
  users: Set<string>;
  devtoolsLogin: boolean;
  /** The mini-program's original id (`gh_` + 12 hex digits): `ToUserName` of its pushes. */
  originalId: string;
  /** Message push to the app's server, when configured. */
  push: PushConfig | null;
  /** WeChat banned the account's subscribe messages (43107, 200011, popup 20005). */
  subscribeBanned: boolean;
  /** Subscribe templates WeChat banned (43107, popup `ban`). */
  bannedTemplates: Set<string>;
  /** Words that make a subscribe send answer 45168. */
  sensitiveWords: string[];
  /** One-time acceptances expire after this long; null (the default): never. */
  subscriptionTtlMs: number | null;
  /** Sends per second beyond which both send APIs answer 45011 or -1; null (default): none. */
  sendRate: SendRateRule | null;
}

/** Serialised form of an app. */
export interface AppDump {
  appId: string;
  appSecret: string;
  pages: string[] | null;
  dailySendLimit: number;
  users: string[];
  devtoolsLogin?: boolean;
  push?: PushConfig | null;
  subscribeBanned?: boolean;
  bannedTemplates?: string[];
  sensitiveWords?: string[];
  subscriptionTtlMs?: number | null;
  sendRate?: SendRateRule | null;
}

/** `/pages/a/b?x=1` → `pages/a/b`. */
export function normalisePage(page: string): string {
  const q = page.indexOf('?');
  const path = q === -1 ? page : page.slice(0, q);
  return path.replace(/^\/+/, '');
}

function pushConfigOf(input: PushConfigInput | null): PushConfig | null {
  if (input === null) return null;
  const config = parsePushConfig(input);
  if (typeof config === 'string') throw new InvalidArgumentError(config, 'push');
  return config;
}

/** The apps the emulator serves, keyed by appid. */
export class AppRegistry {
  private readonly apps = new Map<string, AppRecord>();

  /** Registers (or replaces the secret and pages of) an app. */
  register(config: AppConfig): AppRecord {
    const existing = this.apps.get(config.appId);
    const pages = config.pages ? new Set(config.pages.map(normalisePage)) : null;
    const push = config.push === undefined ? undefined : pushConfigOf(config.push);
    if (existing) {
      existing.appSecret = config.appSecret;
      existing.pages = pages;
      existing.devtoolsLogin = config.devtoolsLogin === true;
      if (push !== undefined) existing.push = push;
      return existing;
    }
    const record: AppRecord = {
      appId: config.appId,
      appSecret: config.appSecret,
      pages,
      dailySendLimit: DAILY_SEND_LIMIT,
      users: new Set(),
      devtoolsLogin: config.devtoolsLogin === true,
      originalId: `gh_${createHash('sha1').update(config.appId).digest('hex').slice(0, 12)}`,
      push: push ?? null,
      subscribeBanned: false,
      bannedTemplates: new Set(),
      sensitiveWords: [],
      subscriptionTtlMs: null,
      sendRate: null,
    };
    this.apps.set(config.appId, record);
    return record;
  }

  get(appId: string): AppRecord | undefined {
    return this.apps.get(appId);
  }

  /** The first registered app: the default of control-plane calls that omit `appid`. */
  first(): AppRecord | undefined {
    return this.apps.values().next().value;
  }

  list(): AppRecord[] {
    return [...this.apps.values()];
  }

  clear(): void {
    this.apps.clear();
  }

  dump(): AppDump[] {
    return this.list().map((app) => ({
      appId: app.appId,
      appSecret: app.appSecret,
      pages: app.pages ? [...app.pages] : null,
      dailySendLimit: app.dailySendLimit,
      users: [...app.users],
      devtoolsLogin: app.devtoolsLogin,
      push: app.push,
      subscribeBanned: app.subscribeBanned,
      bannedTemplates: [...app.bannedTemplates],
      sensitiveWords: app.sensitiveWords,
      subscriptionTtlMs: app.subscriptionTtlMs,
      sendRate: app.sendRate,
    }));
  }

  load(dump: AppDump[]): void {
    this.clear();
    for (const entry of dump) {
      const record = this.register({
        appId: entry.appId,
        appSecret: entry.appSecret,
        ...(entry.pages ? { pages: entry.pages } : {}),
        devtoolsLogin: entry.devtoolsLogin === true,
      });
      record.dailySendLimit = entry.dailySendLimit;
      for (const user of entry.users) record.users.add(user);
      record.push = entry.push ?? null;
      record.subscribeBanned = entry.subscribeBanned ?? false;
      for (const id of entry.bannedTemplates ?? []) record.bannedTemplates.add(id);
      record.sensitiveWords = entry.sensitiveWords ?? [];
      record.subscriptionTtlMs = entry.subscriptionTtlMs ?? null;
      record.sendRate = entry.sendRate ?? null;
    }
  }
}
