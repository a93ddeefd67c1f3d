import { DAILY_SEND_LIMIT } from '@wxtpl/shared-types';

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
}

/** An app and its per-account settings. */
export interface AppRecord {
  appId: string;
  appSecret: string;
  /** Normalised page paths (no leading slash, no query), or null when the app declares none. */
  pages: Set<string> | null;
  dailySendLimit: number;
  /** Users (openids) the app has met: through a login, a formId or a prepay_id. */
  users: Set<string>;
  devtoolsLogin: boolean;
}

/** Serialised form of an app. */
export interface AppDump {
  appId: string;
  appSecret: string;
  pages: string[] | null;
  dailySendLimit: number;
  users: string[];
  devtoolsLogin?: boolean;
}

/** `/pages/a/b?x=1` → `pages/a/b`. */
export function normalisePage(page: string): string {
  const q = page.indexOf('?');
  const path = q === -1 ? page : page.slice(0, q);
  return path.replace(/^\/+/, '');
}

/** The apps the emulator serves, keyed by appid. */
export class AppRegistry {
  private readonly apps = new Map<string, AppRecord>();

  /** Registers (or replaces the secret and pages of) an app. */
  register(config: AppConfig): AppRecord {
    const existing = this.apps.get(config.appId);
    const pages = config.pages ? new Set(config.pages.map(normalisePage)) : null;
    if (existing) {
      existing.appSecret = config.appSecret;
      existing.pages = pages;
      existing.devtoolsLogin = config.devtoolsLogin === true;
      return existing;
    }
    const record: AppRecord = {
      appId: config.appId,
      appSecret: config.appSecret,
      pages,
      dailySendLimit: DAILY_SEND_LIMIT,
      users: new Set(),
      devtoolsLogin: config.devtoolsLogin === true,
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
    }
  }
}
