import type { SubscribeAccountTemplate } from '@wxtpl/shared-types';
import type { PushRecord } from '../push/dispatcher.js';
import type { PushConfigInput } from '../state/push-config.js';
import type {
  AnyInboxMessage,
  EmulatorStats,
  EmulatorUser,
  FaultRule,
  InboxKind,
  InboxMessage,
  LoginResult,
  SubscribeAnswer,
  SubscribeInboxMessage,
  UserSubscriptions,
} from '../types.js';

/** A control-plane call the emulator refused. */
export class EmulatorControlError extends Error {
  override name = 'EmulatorControlError';
  constructor(
    message: string,
    /** HTTP status of the refusal. */
    readonly status: number,
    /** For a refused subscribe popup: the phone's `errCode` (20004 main switch off, …). */
    readonly errCode?: number,
  ) {
    super(message);
  }
}

/** Filters of {@link EmulatorControl.inbox}. */
export type InboxQuery = AppSelector & { openid?: string };

/** The user's answer in a popup: for every template, or per template id (others accept). */
export type PopupDecisionInput = 'accept' | 'reject' | Record<string, 'accept' | 'reject'>;

/** The URL check of `verifyPush`. */
export interface PushVerification {
  ok: boolean;
  status: number | null;
  answer?: string;
  error?: string;
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
  /**
   * Delivered messages, newest last: template messages (as before subscribe messages existed),
   * or with `kind` the subscribe ones, or all of them.
   */
  inbox(options?: InboxQuery & { kind?: 'template' }): Promise<InboxMessage[]>;
  inbox(options: InboxQuery & { kind: 'subscribe' }): Promise<SubscribeInboxMessage[]>;
  inbox(options: InboxQuery & { kind: InboxKind }): Promise<AnyInboxMessage[]>;
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
  /**
   * Sends per second both send APIs take from the app before answering `errcode` (45011 by
   * default, or -1); `perSecond: null` removes the rule.
   */
  setSendRate(
    options: AppSelector & { perSecond: number | null; errcode?: 45011 | -1 },
  ): Promise<void>;
  /** Registers an app at run time; `push` configures message push (null removes it). */
  registerApp(options: {
    appId: string;
    appSecret: string;
    pages?: string[];
    /** Dev only: any unknown login code of this app logs in as its DevTools user. */
    devtoolsLogin?: boolean;
    push?: PushConfigInput | null;
  }): Promise<void>;
  /** Composes a template from the library without an access_token; resolves to its template_id. */
  addTemplate(options: AppSelector & { id: string; keywordIds: number[] }): Promise<string>;
  /**
   * The user answers a subscribe popup (`decision` default `accept`; `keep` ticks "always keep
   * this choice"). A request WeChat refuses throws with the phone's `errCode`.
   */
  subscribe(
    options: AppSelector & {
      openid: string;
      templateIds: string[];
      decision?: PopupDecisionInput;
      keep?: boolean;
    },
  ): Promise<SubscribeAnswer>;
  /** The user turns a template off in the settings (the change event is pushed). */
  changeSubscription(options: AppSelector & { openid: string; templateId: string }): Promise<void>;
  /** The user's subscription settings and the sends each template has left. */
  subscriptions(options: AppSelector & { openid: string }): Promise<UserSubscriptions>;
  /** The user's main switch "接收订阅消息" (off: popups fail with 20004). */
  setMainSwitch(options: AppSelector & { openid: string; on: boolean }): Promise<void>;
  /** Test setup: what `count` accepted popups grant, without popups or pushes. */
  grantSubscription(
    options: AppSelector & { openid: string; templateId: string; count?: number },
  ): Promise<{ oneTime: number; longTerm: boolean }>;
  /** Adds a subscribe template without an access_token; resolves to its priTmplId. */
  addSubscribeTemplate(
    options: AppSelector & { tid: number; kidList: number[]; sceneDesc?: string },
  ): Promise<string>;
  /** The account's subscribe templates, as `gettemplate` lists them. */
  subscribeTemplates(options?: AppSelector): Promise<SubscribeAccountTemplate[]>;
  /** WeChat bans a template (43107, popup `ban`), or without `templateId` the account's ability. */
  banSubscribe(options: AppSelector & { templateId?: string; banned?: boolean }): Promise<void>;
  /** Words that make a subscribe send answer 45168. */
  setSensitiveWords(options: AppSelector & { words: string[] }): Promise<void>;
  /** How long one-time acceptances last (null, the default: forever). */
  setSubscriptionTtl(options: AppSelector & { seconds: number | null }): Promise<void>;
  /** Recent message pushes with every attempt. */
  pushes(options?: AppSelector): Promise<PushRecord[]>;
  /** The admin console's URL check of the app's push URL. */
  verifyPush(options?: AppSelector): Promise<PushVerification>;
  /** Back to the configured apps and nothing else. */
  reset(): Promise<void>;
}

/** A client of the control plane of the emulator at `url` (its base URL). */
export function createEmulatorControl(url: string): EmulatorControl {
  const base = url.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    // Every POST is JSON, even without fields: the control plane refuses any other.
    const response = await fetch(`${base}/__emulator/${path}`, {
      method,
      ...(method === 'GET'
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }),
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
      const { error: message, errCode } = json as { error?: unknown; errCode?: unknown };
      throw new EmulatorControlError(
        `emulator refused ${path}: ${typeof message === 'string' ? message : response.status}`,
        response.status,
        typeof errCode === 'number' ? errCode : undefined,
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
    inbox: (async (options: InboxQuery & { kind?: InboxKind } = {}) =>
      (
        await call<{ messages: AnyInboxMessage[] }>(
          'GET',
          `inbox${query({ appid: options.appId, openid: options.openid, kind: options.kind ?? 'template' })}`,
        )
      ).messages) as EmulatorControl['inbox'],
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
    setSendRate: async ({ appId, perSecond, errcode }) => {
      await call('POST', 'limits', {
        ...(appId === undefined ? {} : { appid: appId }),
        sendRatePerSecond: perSecond,
        ...(errcode === undefined ? {} : { sendRateErrcode: errcode }),
      });
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
    subscribe: (options) => call('POST', 'subscribe', toWire(options)),
    changeSubscription: async (options) => {
      await call('POST', 'subscriptions/change', toWire(options));
    },
    subscriptions: (options) =>
      call('GET', `subscriptions${query({ appid: options.appId, openid: options.openid })}`),
    setMainSwitch: async (options) => {
      await call('POST', 'subscriptions/main-switch', toWire(options));
    },
    grantSubscription: (options) => call('POST', 'subscriptions/grant', toWire(options)),
    addSubscribeTemplate: async (options) =>
      (await call<{ priTmplId: string }>('POST', 'subscribe-templates', toWire(options))).priTmplId,
    subscribeTemplates: async (options = {}) =>
      (
        await call<{ templates: SubscribeAccountTemplate[] }>(
          'GET',
          `subscribe-templates${query({ appid: options.appId })}`,
        )
      ).templates,
    banSubscribe: async (options) => {
      await call('POST', 'subscribe-bans', toWire(options));
    },
    setSensitiveWords: async (options) => {
      await call('POST', 'sensitive-words', toWire(options));
    },
    setSubscriptionTtl: async ({ seconds, ...options }) => {
      await call('POST', 'limits', { ...toWire(options), subscriptionTtlSeconds: seconds });
    },
    pushes: async (options = {}) =>
      (await call<{ pushes: PushRecord[] }>('GET', `pushes${query({ appid: options.appId })}`))
        .pushes,
    verifyPush: (options = {}) => call('POST', 'push/verify', toWire(options)),
  };
}

/** The TypeScript API says `appId`; the control plane's JSON, like WeChat's, says `appid`. */
function toWire<T extends AppSelector>({
  appId,
  ...rest
}: T): Omit<T, 'appId'> & { appid?: string } {
  return appId === undefined ? rest : { ...rest, appid: appId };
}
