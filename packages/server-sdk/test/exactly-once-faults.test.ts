import { WeChatPath } from '@wxtpl/shared-types';
import { clientFor } from '@wxtpl/testkit';
import { useRedisStore, useTestEmulator } from '@wxtpl/testkit/hooks';
import { describe, expect, it } from 'vitest';
import { WeChatApiError, WxtplError } from '../src/errors.js';
import { DeliveryUnknownError, Notifier, type NotifyResult } from '../src/notify/index.js';
import { FormIdPool } from '../src/pool/index.js';

const SEND = WeChatPath.templateSend;
const USERS = 20;
const CREDITS_PER_USER = 100;
const NOTIFIES = USERS * CREDITS_PER_USER;
const CONCURRENCY = 40;

type Outcome = { index: number; result?: NotifyResult; error?: unknown };

describe('2,000 notifies under faults', () => {
  const emu = useTestEmulator({ purchaseTemplate: true });
  const redis = useRedisStore('faults');

  it('delivers each message exactly once or rejects it typed, spending no credit in vain', async () => {
    const appId = emu.appId;
    const pool = new FormIdPool({ store: redis.store, appId });
    const openids = Array.from({ length: USERS }, (_, i) => `o-fault-${i}`);
    for (const openid of openids) {
      const ids = await emu.control.formIds({ appId, openid, count: CREDITS_PER_USER });
      const now = Date.now();
      await pool.ingest(
        openid,
        ids.map((formId) => ({ formId, createdAt: now })),
      );
    }
    // 2 s: well past what a send takes on a loaded CI machine, so only the delayed ones time out.
    const client = clientFor(emu, { store: redis.store, timeoutMs: 2_000 });
    const notifier = new Notifier({ client, pool });
    // 30% of sends answer -1; 5% of all sends are delivered and then time out (0.05 / 0.7 of
    // the rest, as the first rule that applies wins).
    await emu.control.faults([
      { path: SEND, errcode: -1, rate: 0.3 },
      { path: SEND, delayMs: 3_000, afterProcessing: true, rate: 0.05 / 0.7 },
    ]);

    const outcomes: Outcome[] = [];
    let next = 0;
    let invalidated = false;
    const worker = async () => {
      while (next < NOTIFIES) {
        const index = next++;
        if (index === NOTIFIES / 2 && !invalidated) {
          invalidated = true;
          await emu.control.invalidateTokens({ appId });
        }
        const openid = openids[index % USERS] as string;
        try {
          const result = await notifier.notify({
            openid,
            template: emu.template,
            data: { place: 'TIT造舰厂', time: '2026年11月26日', item: `n-${index}` },
          });
          outcomes.push({ index, result });
        } catch (error) {
          outcomes.push({ index, error });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await emu.control.faults([]);
    expect(outcomes).toHaveLength(NOTIFIES);

    const inbox = await emu.control.inbox({ appId });
    const byTag = new Map<string, string[]>();
    for (const message of inbox) {
      const tag = message.data.keyword3?.value as string;
      byTag.set(tag, [...(byTag.get(tag) ?? []), message.form_id]);
    }
    const formIdUses = new Map<string, number>();
    for (const message of inbox) {
      formIdUses.set(message.form_id, (formIdUses.get(message.form_id) ?? 0) + 1);
    }
    expect([...formIdUses.values()].every((n) => n === 1)).toBe(true);

    const summary: Record<string, number> = { delivered: 0 };
    let unknownUndelivered = 0;
    for (const { index, result, error } of outcomes) {
      const messages = byTag.get(`n-${index}`) ?? [];
      if (result) {
        summary.delivered = (summary.delivered ?? 0) + 1;
        expect(messages).toEqual([result.formId]);
        continue;
      }
      expect(error).toBeInstanceOf(WxtplError);
      const name =
        error instanceof WeChatApiError
          ? `WeChatApiError(${error.errcode})`
          : (error as Error).name;
      summary[name] = (summary[name] ?? 0) + 1;
      if (error instanceof DeliveryUnknownError) {
        expect(messages.length).toBeLessThanOrEqual(1);
        if (messages.length === 0) unknownUndelivered += 1;
      } else {
        expect(messages).toEqual([]);
      }
    }
    // Every credit not in the inbox is still in the pool, but for unknown outcomes that were
    // in fact not delivered (the use is kept spent on purpose).
    let left = 0;
    for (const openid of openids) left += await pool.available(openid);
    expect(left).toBe(NOTIFIES - inbox.length - unknownUndelivered);
    expect(unknownUndelivered).toBe(0);
    expect(inbox.length).toBe((summary.delivered ?? 0) + (summary.DeliveryUnknownError ?? 0));
    expect(summary.delivered ?? 0).toBeGreaterThan(NOTIFIES * 0.9);

    const stats = await emu.control.stats();
    const retriedAfterTimeout = outcomes.filter((o) => (o.result?.attempts ?? 0) >= 2).length;
    expect(retriedAfterTimeout).toBeGreaterThan(0);
    console.info(
      `faults run: ${JSON.stringify(summary)}; unknown-outcome retries that delivered: ${retriedAfterTimeout}; ` +
        `emulator sends ok ${stats.sends.ok}, failed ${JSON.stringify(stats.sends.failed)}, tokens issued ${stats.tokensIssued}`,
    );
    expect(stats.tokensIssued).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
