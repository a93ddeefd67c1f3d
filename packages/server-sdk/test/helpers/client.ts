import { WeChatClient, type WeChatClientOptions } from '../../src/index.js';
import type { TestEmulator } from './emulator.js';

/** Fast retries so fault tests never wait for real time. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 } as const;

/** A client of the emulator's test app; `close()` them in `afterEach`/`afterAll`. */
export function clientFor(
  emulator: TestEmulator,
  options: Partial<WeChatClientOptions> = {},
): WeChatClient {
  return new WeChatClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    retry: FAST_RETRY,
    timeoutMs: 5000,
    ...options,
  });
}

/** A valid send payload for `template_id` and a fresh formId of `openid`. */
export function sendPayload(templateId: string, openid: string, formId: string) {
  return {
    touser: openid,
    template_id: templateId,
    form_id: formId,
    page: 'pages/index/index',
    data: {
      keyword1: { value: 'TIT造舰厂' },
      keyword2: { value: '2016年6月6日' },
      keyword3: { value: '咖啡' },
    },
  };
}
