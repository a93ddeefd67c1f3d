import { randomUUID } from 'node:crypto';
import {
  createEmulatorControl,
  type EmulatorStats,
  type FaultRule,
  type InboxMessage,
  startEmulator,
} from '@wxtpl/emulator';

/** A running emulator with one test app (a random secret per run) and its control plane. */
export interface TestEmulator {
  url: string;
  appId: string;
  appSecret: string;
  stats(): Promise<EmulatorStats>;
  faults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  invalidateTokens(): Promise<void>;
  setDailyLimit(dailySendLimit: number): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  login(openid?: string): Promise<{ code: string; openid: string }>;
  formIds(openid: string, count?: number): Promise<string[]>;
  inbox(openid: string): Promise<{ messages: InboxMessage[] }>;
  close(): Promise<void>;
}

/** Starts the real emulator on a free port. */
export async function startTestEmulator(): Promise<TestEmulator> {
  const appId = `wxtest${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const appSecret = `secret-${randomUUID()}`;
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    apps: [{ appId, appSecret, pages: ['pages/index/index', 'pages/order/detail'] }],
  });
  const url = emulator.url.replace(/\/$/, '');
  const control = createEmulatorControl(url);
  return {
    url,
    appId,
    appSecret,
    stats: () => control.stats(),
    faults: (rules) => control.faults(rules),
    clearFaults: () => control.faults([]),
    invalidateTokens: () => control.invalidateTokens({ appId }),
    setDailyLimit: (dailySendLimit) => control.setDailyLimit({ appId, dailySendLimit }),
    advanceClock: async (seconds) => {
      await control.advanceClock(seconds);
    },
    login: (openid) => control.login(openid === undefined ? { appId } : { appId, openid }),
    formIds: (openid, count = 1) => control.formIds({ appId, openid, count }),
    inbox: async (openid) => ({ messages: await control.inbox({ appId, openid }) }),
    close: () => emulator.close(),
  };
}
