import { randomUUID } from 'node:crypto';
import { type EmulatorControl, startEmulator } from '@wxtpl/emulator';
import { defineTemplate } from '@wxtpl/shared-types';
import { WeChatClient } from '../../src/client/index.js';
import type { Store } from '../../src/store/index.js';

export const PAGES = ['pages/index/index', 'pages/order/detail'];

/** A running emulator with one fresh app, its control plane and a purchase template. */
export interface PoolEmulator {
  url: string;
  appId: string;
  appSecret: string;
  control: EmulatorControl;
  template: ReturnType<typeof purchaseTemplate>;
  /** The emulator's virtual clock, followed locally: hand it to pools as `clock`. */
  clock: () => number;
  /** Advances the emulator's virtual clock and the local one with it. */
  advance(seconds: number): Promise<void>;
  client(options?: { store?: Store; timeoutMs?: number }): WeChatClient;
  close(): Promise<void>;
}

function purchaseTemplate(id: string) {
  return defineTemplate({
    id,
    title: '购买成功通知',
    keywords: { place: 'keyword1', time: 'keyword2', item: 'keyword3' },
  });
}

/** Starts the real emulator on a free port. */
export async function startPoolEmulator(): Promise<PoolEmulator> {
  const appId = `wxpool${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const appSecret = `secret-${randomUUID()}`;
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    apps: [{ appId, appSecret, pages: PAGES }],
  });
  const url = emulator.url.replace(/\/$/, '');
  const control = emulator.control;
  // 购买成功通知: 购买地点 (3), 购买时间 (4), 物品名称 (5), as in the reference document.
  const templateId = await control.addTemplate({
    appId: appId,
    id: 'AT0002',
    keywordIds: [3, 4, 5],
  });
  let offset = 0;
  return {
    url,
    appId,
    appSecret,
    control,
    template: purchaseTemplate(templateId),
    clock: () => Date.now() + offset,
    async advance(seconds) {
      const now = await control.advanceClock(seconds);
      offset = now - Date.now();
    },
    client: (options = {}) =>
      new WeChatClient({
        appId,
        appSecret,
        baseUrl: url,
        store: options.store,
        timeoutMs: options.timeoutMs ?? 5_000,
        retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      }),
    close: () => emulator.close(),
  };
}
