import { setTimeout as sleep } from 'node:timers/promises';
import {
  AccessTokenError,
  CreditStoreError,
  createRedisStore,
  type RedisStore,
  type WeChatClient,
} from '@wxtpl/server-sdk';
import {
  type EmulatorProcess,
  type PrivateRedis,
  type PurchaseTemplate,
  purchaseData,
  startPrivateRedis,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSdk, startPurchaseEmulator } from './helpers/notify-stack.ts';
import { type Settled, settleWithin } from './helpers/settle.ts';

const COMMAND_TIMEOUT_MS = 1_000;
/** A hang guard, not a speed target: unbounded, each call would wait as long as Redis is frozen. */
const HANG_GUARD_MS = 10_000;

describe('Redis frozen (SIGSTOP)', () => {
  let redis: PrivateRedis;
  let emulator: EmulatorProcess;
  let template: PurchaseTemplate;
  let store: RedisStore;
  let client: WeChatClient;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    ({ emulator, template } = await startPurchaseEmulator());
  });
  afterAll(async () => {
    redis?.thaw();
    await client?.close();
    await store?.close();
    await redis?.stop();
    await emulator?.close();
  });

  it('bounds every call, ends each with a typed error, and spends nothing it did not send', async () => {
    const appId = emulator.appId;
    store = createRedisStore(redis.url, {
      prefix: 'frozen:',
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    const sdk = appSdk(emulator, store);
    client = sdk.client;
    const { pool, notifier } = sdk;
    const openid = 'o-frozen';
    const formIds = await emulator.control.formIds({ appId, openid, count: 5 });
    await pool.ingest(
      openid,
      formIds.map((formId) => ({ formId, createdAt: Date.now() })),
    );
    const token = await client.getAccessToken();
    const sendsBefore = (await emulator.control.stats()).sends.ok;

    redis.freeze();
    const frozenAt = performance.now();
    const calls = {
      notify: notifier.notify({ openid, template, data: purchaseData('frozen') }),
      'notify with AbortSignal.timeout(300)': notifier.notify({
        openid,
        template,
        data: purchaseData('frozen-signal'),
        signal: AbortSignal.timeout(300),
      }),
      ingest: pool.ingest(openid, [{ formId: 'late-1', createdAt: Date.now() }]),
      available: pool.available(openid),
      'token invalidation': client.invalidateAccessToken(token),
    };
    const settled: Record<string, Settled<unknown>> = Object.fromEntries(
      await Promise.all(
        Object.entries(calls).map(async ([name, call]) => [
          name,
          await settleWithin(call as Promise<unknown>, HANG_GUARD_MS),
        ]),
      ),
    );
    const summary = Object.entries(settled).map(
      ([name, s]) =>
        `${name}: ${s.status} ${s.status === 'rejected' ? (s.reason as Error).name : ''} in ${Math.round(s.ms)} ms`,
    );
    console.log(`frozen Redis: ${summary.join('; ')}`);
    for (const [name, s] of Object.entries(settled)) {
      expect(s.status, name).toBe('rejected');
      const expected = name === 'token invalidation' ? AccessTokenError : CreditStoreError;
      if (s.status === 'rejected') expect(s.reason, name).toBeInstanceOf(expected);
    }
    expect((await emulator.control.stats()).sends.ok).toBe(sendsBefore);

    // Every call ended while Redis was still frozen. It now answers again and runs what was
    // queued: every take that timed out is followed by its give-back, so all 5 uses are there.
    await sleep(Math.max(0, 3_000 - (performance.now() - frozenAt)));
    redis.thaw();
    let available = -1;
    for (let i = 0; i < 50 && available !== 5; i++) {
      available = await pool.available(openid).catch(() => -1);
      if (available !== 5) await sleep(100);
    }
    expect(available).toBe(5);
    const result = await notifier.notify({ openid, template, data: purchaseData('after') });
    expect(result.attempts).toBe(1);
  });
});
