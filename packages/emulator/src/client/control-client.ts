import type {
  EmulatorStats,
  EmulatorUser,
  FaultRule,
  InboxMessage,
  LoginResult,
} from '../types.js';

/** A control-plane call the emulator refused. */
export class EmulatorControlError extends Error {
  override name = 'EmulatorControlError';
  constructor(
    message: string,
    /** HTTP status of the refusal. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** Selects an app; omitted, the emulator's first configured app. */
export interface AppSelector {
  appId?: string;
}

/** A typed client of an emulator's `/__emulator/` control plane. */
export interface EmulatorControl {
  /** What `wx.login` yields: a one-time code (and the openid it stands for). */
  login(options?: AppSelector & { openid?: string }): Promise<LoginResult>;
  /** Mints formIds as report-submit forms would (1 send each, 7 days). */
  formIds(options: AppSelector & { openid: string; count?: number }): Promise<string[]>;
  /** Mints a prepay_id as a payment would (3 sends, 7 days). */
  prepay(options: AppSelector & { openid: string }): Promise<string>;
  /** Delivered messages, newest last. */
  inbox(options?: AppSelector & { openid?: string }): Promise<InboxMessage[]>;
  /** Users each app has met. */
  users(options?: AppSelector): Promise<EmulatorUser[]>;
  stats(): Promise<EmulatorStats>;
  /** Moves the virtual clock forward; resolves to the new virtual epoch ms. */
  advanceClock(seconds: number): Promise<number>;
  /** Replaces the fault rules (`[]` clears them). */
  faults(rules: FaultRule[]): Promise<void>;
  /** Makes every access_token of the app answer 40001. */
  invalidateTokens(options?: AppSelector): Promise<void>;
  /** Sets the app's daily send limit (45009 once reached). */
  setDailyLimit(options: AppSelector & { dailySendLimit: number }): Promise<void>;
  /** Registers an app at run time. */
  registerApp(options: {
    appId: string;
    appSecret: string;
    pages?: string[];
    /** Dev only: any unknown login code of this app logs in as its DevTools user. */
    devtoolsLogin?: boolean;
  }): Promise<void>;
  /** Composes a template from the library without an access_token; resolves to its template_id. */
  addTemplate(options: AppSelector & { id: string; keywordIds: number[] }): Promise<string>;
  /** Back to the configured apps and nothing else. */
  reset(): Promise<void>;
}

/** A client of the control plane of the emulator at `url` (its base URL). */
export function createEmulatorControl(url: string): EmulatorControl {
  const base = url.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const response = await fetch(`${base}/__emulator/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new EmulatorControlError(
        `emulator answered ${response.status} with a non-JSON body to ${path}`,
        response.status,
      );
    }
    if (!response.ok) {
      const message = (json as { error?: unknown }).error;
      throw new EmulatorControlError(
        `emulator refused ${path}: ${typeof message === 'string' ? message : response.status}`,
        response.status,
      );
    }
    return json as T;
  }
  const query = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
    const s = search.toString();
    return s === '' ? '' : `?${s}`;
  };
  return {
    login: (options = {}) => call('POST', 'login', toWire(options)),
    formIds: async (options) =>
      (await call<{ formIds: string[] }>('POST', 'form-ids', toWire(options))).formIds,
    prepay: async (options) =>
      (await call<{ prepayId: string }>('POST', 'prepay', toWire(options))).prepayId,
    inbox: async (options = {}) =>
      (
        await call<{ messages: InboxMessage[] }>(
          'GET',
          `inbox${query({ appid: options.appId, openid: options.openid })}`,
        )
      ).messages,
    users: async (options = {}) =>
      (await call<{ users: EmulatorUser[] }>('GET', `users${query({ appid: options.appId })}`))
        .users,
    stats: () => call('GET', 'stats'),
    advanceClock: async (seconds) =>
      (await call<{ now: number }>('POST', 'clock', { advanceSeconds: seconds })).now,
    faults: async (rules) => {
      await call('POST', 'faults', { rules });
    },
    invalidateTokens: async (options = {}) => {
      await call('POST', 'tokens/invalidate', toWire(options));
    },
    setDailyLimit: async (options) => {
      await call('POST', 'limits', toWire(options));
    },
    registerApp: async ({ appId, appSecret, ...rest }) => {
      await call('POST', 'apps', { appid: appId, secret: appSecret, ...rest });
    },
    addTemplate: async ({ appId, id, keywordIds }) =>
      (
        await call<{ template_id: string }>('POST', 'templates', {
          appid: appId,
          id,
          keyword_id_list: keywordIds,
        })
      ).template_id,
    reset: async () => {
      await call('POST', 'reset');
    },
  };
}

/** The TypeScript API says `appId`; the control plane's JSON, like WeChat's, says `appid`. */
function toWire<T extends AppSelector>({
  appId,
  ...rest
}: T): Omit<T, 'appId'> & { appid?: string } {
  return appId === undefined ? rest : { ...rest, appid: appId };
}
