import { MOCK_FORM_ID } from '@wxtpl/shared-types';
import { postControl } from './control-plane.js';
import { AppLifecycle } from './lifecycle.js';
import { type InFlight, wxRequest } from './request.js';
import { createWxStorage, type WxStorage, WxStorageError } from './storage.js';
import { getSetting, type PopupAnswer, requestSubscribeMessage } from './subscribe.js';
import { atLeastVersion, systemInfo } from './system-info.js';
import type {
  HeadlessWx,
  WxAppHideOptions,
  WxAppShowOptions,
  WxCallbackResult,
  WxCallbacks,
  WxRequestSubscribeMessageResult,
  WxSystemInfo,
} from './types.js';

/** WeChat interrupts the network of an app this long after it went to the background. */
export const BACKGROUND_NETWORK_GRACE_MS = 5000;

/** Options of {@link createWxRuntime}. */
export interface WxRuntimeOptions {
  /** Base URL of a running emulator, e.g. `http://127.0.0.1:4100`. */
  emulatorUrl: string;
  appId: string;
  /** The user; without it the first login lets the emulator choose one, kept from then on. */
  openid?: string;
  /** Phone storage to reuse: pass a previous runtime's `storage` to model a relaunched app. */
  storage?: WxStorage;
  /** WeChat client version reported by `getSystemInfoSync()` (default a current one). */
  version?: string;
  /** Other `getSystemInfoSync()` fields to override (`SDKVersion` below 2.4.4 hides subscribe). */
  systemInfo?: Partial<WxSystemInfo>;
  /** How the user answers subscribe popups (default: accept everything, choice not kept). */
  popup?: PopupAnswer | ((templateIds: unknown) => PopupAnswer);
}

/** What a `bindtap` handler receives. */
export interface TapEvent {
  type: 'tap';
  timeStamp: number;
  detail: { x: number; y: number };
  target: { id: string; dataset: Record<string, unknown> };
  currentTarget: { id: string; dataset: Record<string, unknown> };
}

/** What a `<form report-submit>` passes to its `bindsubmit` handler. */
export interface FormSubmitEvent {
  type: 'submit';
  detail: { value: Record<string, unknown>; formId: string };
}

/** Which id a simulated submit yields: a real one, DevTools' mock, or a failed request. */
export type SimulatedFormId = 'real' | 'mock' | 'failed';

/** Counters for budgets and assertions. */
export interface WxRuntimeStats {
  /** `wx.request` calls made by the app (control-plane calls excluded). */
  requests: number;
  /** `wx.login` calls. */
  logins: number;
  /** `wx.requestSubscribeMessage` calls that reached the popup (in a tap, app visible). */
  subscribeRequests: number;
}

/** A headless mini-program environment: the `wx` object plus the knobs a test turns. */
export interface WxRuntime {
  readonly wx: HeadlessWx;
  readonly storage: WxStorage;
  readonly appId: string;
  /** The user, once known (given, or assigned by the first login). */
  readonly openid: string | undefined;
  readonly stats: WxRuntimeStats;
  /** False between `hide()` and `show()`. */
  readonly visible: boolean;
  /** Requests started and not yet answered. */
  inFlight(): number;
  /**
   * Sends the app to the background: every `onAppHide` listener runs. As on a phone, requests
   * still running 5 s later (`setTimeout`, so fake timers drive it) fail with
   * `request:fail interrupted`, and so do new ones until `show()`.
   */
  hide(options?: WxAppHideOptions): void;
  /** Brings the app back: every `onAppShow` listener runs. */
  show(options?: Partial<WxAppShowOptions>): void;
  /** A real formId minted by the emulator for this user, as one report-submit form yields. */
  nextFormId(): Promise<string>;
  /** The event a `<form report-submit>` submit produces, with a real (or mock/failed) formId. */
  submitForm(value?: Record<string, unknown>, formId?: SimulatedFormId): Promise<FormSubmitEvent>;
  /**
   * The user taps: runs `handler` synchronously as a `bindtap` handler, the only place where
   * `wx.requestSubscribeMessage` works (as on a phone, not after an `await` or in a timer).
   * Returns what the handler returns.
   */
  tap<R>(handler: (event: TapEvent) => R, dataset?: Record<string, unknown>): R;
  /**
   * The user taps a `<form report-submit>`'s submit button: mints the formId, then runs
   * `handler` synchronously with the submit event, inside the tap.
   */
  tapSubmit<R>(
    handler: (event: FormSubmitEvent) => R,
    value?: Record<string, unknown>,
    formId?: SimulatedFormId,
  ): Promise<R>;
  /** Changes how the user answers subscribe popups from now on. */
  answerPopups(answer: PopupAnswer | ((templateIds: unknown) => PopupAnswer)): void;
  /**
   * Kills the app: requests in flight are cut without calling back, listeners vanish, and the
   * `wx` object goes inert. Storage keeps what was written before.
   */
  kill(): void;
}

/** Creates a headless `wx` runtime bound to one app and one user of a running emulator. */
export function createWxRuntime(options: WxRuntimeOptions): WxRuntime {
  if (typeof options?.emulatorUrl !== 'string' || options.emulatorUrl === '') {
    throw new TypeError('createWxRuntime: emulatorUrl must be the emulator base URL');
  }
  if (typeof options.appId !== 'string' || options.appId === '') {
    throw new TypeError('createWxRuntime: appId is required');
  }
  const { emulatorUrl, appId } = options;
  const storage = options.storage ?? createWxStorage();
  const lifecycle = new AppLifecycle();
  const inFlight = new Set<InFlight>();
  const stats: WxRuntimeStats = { requests: 0, logins: 0, subscribeRequests: 0 };
  const info = systemInfo({
    ...options.systemInfo,
    ...(options.version ? { version: options.version } : {}),
  });
  let openid = options.openid;
  let killed = false;
  let networkCut = false;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let gestures = 0;
  let popup = options.popup ?? {};

  const login = async (): Promise<{ code: string; openid: string }> => {
    const answer = await postControl<{ code: string; openid: string }>(
      emulatorUrl,
      '/__emulator/login',
      {
        appid: appId,
        ...(openid ? { openid } : {}),
      },
    );
    openid ??= answer.openid;
    return answer;
  };

  const wx: HeadlessWx = {
    login(option = {}) {
      return settle(option, (resolve, reject) => {
        if (killed) return;
        stats.logins += 1;
        // A killed app hears nothing back.
        login().then(
          ({ code }) => killed || resolve({ code, errMsg: 'login:ok' }),
          (error: Error) => killed || reject({ errMsg: `login:fail ${error.message}` }),
        );
      });
    },
    request(option) {
      if (killed) return { abort() {} };
      stats.requests += 1;
      if (networkCut) {
        queueMicrotask(() => {
          const result = { errMsg: 'request:fail interrupted' };
          option.fail?.(result);
          option.complete?.(result);
        });
        return { abort() {} };
      }
      return wxRequest(option, {
        onStart: (task) => inFlight.add(task),
        onEnd: (task) => inFlight.delete(task),
      });
    },
    setStorageSync(key, data) {
      if (!killed) storage.set(key, data);
    },
    getStorageSync<T>(key: string) {
      return (killed ? '' : storage.get(key)) as T;
    },
    removeStorageSync(key) {
      if (!killed) storage.remove(key);
    },
    clearStorageSync() {
      if (!killed) storage.clear();
    },
    getStorageInfoSync() {
      return storage.info();
    },
    setStorage(option) {
      return asyncStorage(option, 'setStorage', () => {
        if (!killed) storage.set(option.key, option.data, 'setStorage');
        return { errMsg: 'setStorage:ok' };
      });
    },
    getStorage(option) {
      return asyncStorage(option, 'getStorage', () => {
        if (!storage.has(option.key)) throw new WxStorageError('getStorage', 'data not found');
        return { data: storage.get(option.key, 'getStorage'), errMsg: 'getStorage:ok' };
      });
    },
    removeStorage(option) {
      return asyncStorage(option, 'removeStorage', () => {
        if (!killed) storage.remove(option.key, 'removeStorage');
        return { errMsg: 'removeStorage:ok' };
      });
    },
    onAppHide: (listener) => lifecycle.onHide(listener),
    offAppHide: (listener) => lifecycle.offHide(listener),
    onAppShow: (listener) => lifecycle.onShow(listener),
    offAppShow: (listener) => lifecycle.offShow(listener),
    getSystemInfoSync: () => ({ ...info }),
    getAppBaseInfo: () => ({
      SDKVersion: info.SDKVersion,
      version: info.version,
      language: info.language,
      enableDebug: false,
      theme: 'light',
      host: { env: 'WeChat' },
    }),
    requestSubscribeMessage: (option) =>
      requestSubscribeMessage(subscribeContext, option, (run) =>
        settle(option as WxCallbacks<WxRequestSubscribeMessageResult>, run),
      ),
    getSetting: (option = {}) =>
      getSetting(
        subscribeContext,
        atLeastVersion(info.SDKVersion, '2.10.1')
          ? option
          : { ...option, withSubscriptions: false },
        (run) => settle(option, run),
      ),
  };
  // Base libraries before 2.20.1 have no getAppBaseInfo, before 2.4.4 no subscribe messages.
  if (!atLeastVersion(info.SDKVersion, '2.20.1')) delete wx.getAppBaseInfo;
  if (!atLeastVersion(info.SDKVersion, '2.4.4')) {
    delete (wx as Partial<HeadlessWx>).requestSubscribeMessage;
  }

  const user = async (): Promise<string> => {
    if (!openid) await login();
    return openid as string;
  };
  const subscribeContext = {
    emulatorUrl,
    appId,
    user,
    inGesture: () => gestures > 0,
    visible: () => lifecycle.visible,
    killed: () => killed,
    popupAnswer: (templateIds: unknown) =>
      typeof popup === 'function' ? popup(templateIds) : popup,
    counted: () => {
      stats.subscribeRequests += 1;
    },
  };
  const inTap = <R>(run: () => R): R => {
    gestures += 1;
    try {
      return run();
    } finally {
      gestures -= 1;
    }
  };

  const nextFormId = async (): Promise<string> => {
    await user();
    const { formIds } = await postControl<{ formIds: string[] }>(
      emulatorUrl,
      '/__emulator/form-ids',
      {
        appid: appId,
        openid,
        count: 1,
      },
    );
    const formId = formIds?.[0];
    if (typeof formId !== 'string') throw new Error('emulator returned no formId');
    return formId;
  };

  const submitForm = async (
    value: Record<string, unknown> = {},
    kind: SimulatedFormId = 'real',
  ): Promise<FormSubmitEvent> => {
    const formId =
      kind === 'mock'
        ? MOCK_FORM_ID
        : kind === 'failed'
          ? 'requestFormId:fail timeout'
          : await nextFormId();
    return { type: 'submit', detail: { value, formId } };
  };

  return {
    wx,
    storage,
    appId,
    get openid() {
      return openid;
    },
    stats,
    get visible() {
      return lifecycle.visible;
    },
    inFlight: () => inFlight.size,
    hide(hideOptions = {}) {
      if (killed) return;
      lifecycle.hide(hideOptions);
      clearTimeout(graceTimer);
      graceTimer = setTimeout(() => {
        networkCut = true;
        for (const task of [...inFlight]) task.interrupt('interrupted');
      }, BACKGROUND_NETWORK_GRACE_MS);
      // A test that never shows the app again must not be kept alive by this timer.
      (graceTimer as { unref?: () => void }).unref?.();
    },
    show(showOptions = {}) {
      if (killed) return;
      clearTimeout(graceTimer);
      networkCut = false;
      lifecycle.show({
        apiCategory: 'default',
        forwardMaterials: [],
        hostExtraData: { host_scene: '' },
        path: 'pages/index/index',
        query: {},
        referrerInfo: { appId: '', extraData: {} },
        scene: 1001,
        ...showOptions,
      });
    },
    nextFormId,
    submitForm,
    tap(handler, dataset = {}) {
      const target = { id: '', dataset };
      return inTap(() =>
        handler({
          type: 'tap',
          timeStamp: Date.now(),
          detail: { x: 0, y: 0 },
          target,
          currentTarget: target,
        }),
      );
    },
    async tapSubmit(handler, value = {}, kind = 'real') {
      const event = await submitForm(value, kind);
      return inTap(() => handler(event));
    },
    answerPopups(answer) {
      popup = answer;
    },
    kill() {
      killed = true;
      clearTimeout(graceTimer);
      for (const task of [...inFlight]) task.kill();
      lifecycle.clear();
    },
  };
}

/**
 * WeChat's async convention: with any of `success`/`fail`/`complete` the callbacks run and the
 * returned promise never settles; with none, the promise resolves or rejects instead.
 */
function settle<S>(
  option: WxCallbacks<S>,
  run: (resolve: (result: S) => void, reject: (result: WxCallbackResult) => void) => void,
): Promise<S> {
  const callbacks = Boolean(option.success || option.fail || option.complete);
  return new Promise<S>((resolve, reject) => {
    run(
      (result) => {
        if (!callbacks) return resolve(result);
        option.success?.(result);
        option.complete?.(result);
      },
      (result) => {
        if (!callbacks) return reject(result);
        option.fail?.(result);
        option.complete?.(result);
      },
    );
  });
}

function asyncStorage<S>(option: WxCallbacks<S>, api: string, run: () => S): Promise<S> {
  return settle(option, (resolve, reject) => {
    let outcome: { ok: true; result: S } | { ok: false; result: WxCallbackResult };
    try {
      outcome = { ok: true, result: run() };
    } catch (error) {
      const reason = error instanceof WxStorageError ? error.reason : String(error);
      outcome = { ok: false, result: { errMsg: `${api}:fail ${reason}` } };
    }
    // Storage callbacks arrive asynchronously on a phone; the write itself already happened.
    queueMicrotask(() => (outcome.ok ? resolve(outcome.result) : reject(outcome.result)));
  });
}
