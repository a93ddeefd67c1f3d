import { randomUUID } from 'node:crypto';
import {
  type AppConfig,
  createEmulatorControl,
  type EmulatorControl,
  type EmulatorStats,
  type FaultRule,
  type InboxMessage,
  type StartEmulatorOptions,
  startEmulator,
} from '@wxtpl/emulator';
import { addPurchaseTemplate, type PurchaseTemplate } from './templates.ts';

/** Pages the test app declares (a send to another page answers 41030). */
export const PAGES = ['pages/index/index', 'pages/order/detail'];

/** An app of the emulator: its credentials. */
export interface TestApp {
  appId: string;
  appSecret: string;
}

/** A fresh app no other test shares: `wx` + label + random hex, 18 characters as a real appid. */
export function freshApp(label = 'test'): TestApp {
  const hex = randomUUID().replace(/-/g, '');
  return {
    appId: `wx${label}${hex}`.slice(0, 18),
    appSecret: `secret-${randomUUID()}`,
  };
}

/**
 * A running emulator (in this process or as its CLI) with one test app, its control plane, and
 * shortcuts bound to that app. Close it in `afterAll`.
 */
export interface TestEmulator extends TestApp {
  /** Base URL without a trailing slash. */
  url: string;
  control: EmulatorControl;
  stats(): Promise<EmulatorStats>;
  faults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  invalidateTokens(): Promise<void>;
  setDailyLimit(dailySendLimit: number): Promise<void>;
  /** What `wx.login` yields the user (a fresh user without `openid`). */
  login(openid?: string): Promise<{ code: string; openid: string }>;
  formIds(openid: string, count?: number): Promise<string[]>;
  inbox(openid: string): Promise<InboxMessage[]>;
  addPurchaseTemplate(): Promise<PurchaseTemplate>;
  /** The emulator's virtual clock, followed here: hand it to pools and Notifiers as `now`. */
  now(): number;
  /** Moves the emulator's virtual clock, and `now` with it. */
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export interface TestEmulatorOptions {
  /** The app the fixture is bound to (default: a fresh one). */
  app?: TestApp;
  /** Its pages (default {@link PAGES}; `null`: any page). */
  pages?: readonly string[] | null;
  /** More apps served beside it. */
  otherApps?: AppConfig[];
  /** Keep the state in this JSON file. */
  dataFile?: string;
  /** Compose 购买成功通知 in the app's account first, as `template`. */
  purchaseTemplate?: boolean;
}

/** The fixture over a running emulator's URL, bound to `app`. */
export function bindEmulator(url: string, app: TestApp, close: () => Promise<void>): TestEmulator {
  const base = url.replace(/\/$/, '');
  const control = createEmulatorControl(base);
  const { appId } = app;
  let offset = 0;
  return {
    ...app,
    url: base,
    control,
    stats: () => control.stats(),
    faults: (rules) => control.faults(rules),
    clearFaults: () => control.faults([]),
    invalidateTokens: () => control.invalidateTokens({ appId }),
    setDailyLimit: (dailySendLimit) => control.setDailyLimit({ appId, dailySendLimit }),
    login: (openid) => control.login(openid === undefined ? { appId } : { appId, openid }),
    formIds: (openid, count = 1) => control.formIds({ appId, openid, count }),
    inbox: (openid) => control.inbox({ appId, openid }),
    addPurchaseTemplate: () => addPurchaseTemplate(control, appId),
    now: () => Date.now() + offset,
    async advance(seconds) {
      offset = (await control.advanceClock(seconds)) - Date.now();
    },
    close,
  };
}

/** The app's entry in `startEmulator`'s `apps`. */
export function appConfig(app: TestApp, pages: readonly string[] | null = PAGES): AppConfig {
  return { appId: app.appId, appSecret: app.appSecret, ...(pages ? { pages: [...pages] } : {}) };
}

/** A fixture started with `purchaseTemplate: true`. */
export type EmulatorWithTemplate = TestEmulator & { template: PurchaseTemplate };

/** Starts the real emulator in this process on a free port. */
export async function startTestEmulator(
  options: TestEmulatorOptions & { purchaseTemplate: true },
): Promise<EmulatorWithTemplate>;
export async function startTestEmulator(options?: TestEmulatorOptions): Promise<TestEmulator>;
export async function startTestEmulator(
  options: TestEmulatorOptions = {},
): Promise<TestEmulator & { template?: PurchaseTemplate }> {
  const app = options.app ?? freshApp();
  const start: StartEmulatorOptions = {
    port: 0,
    host: '127.0.0.1',
    apps: [appConfig(app, options.pages), ...(options.otherApps ?? [])],
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
  };
  const emulator = await startEmulator(start);
  const fixture = bindEmulator(emulator.url, app, () => emulator.close());
  if (!options.purchaseTemplate) return fixture;
  return { ...fixture, template: await fixture.addPurchaseTemplate() };
}
