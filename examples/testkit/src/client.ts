import { WeChatClient, type WeChatClientOptions } from '@wxtpl/server-sdk';
import type { TestApp } from './emulator.ts';

/** Retries that never wait for real time, so fault tests stay fast. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 } as const;

/**
 * A client of the emulator's test app with fast retries and a 5 s timeout; `options` override.
 * Close it in `afterEach`/`afterAll`.
 */
export function clientFor(
  emulator: TestApp & { url: string },
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
