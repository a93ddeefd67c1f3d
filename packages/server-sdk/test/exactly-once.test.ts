import { callsDelta, clientFor, commandCalls, countCommands } from '@wxtpl/testkit';
import { useRedisStore, useTestEmulator } from '@wxtpl/testkit/hooks';
import { describe, expect, it } from 'vitest';
import { NoCreditError, Notifier } from '../src/notify/index.js';
import { FormIdPool } from '../src/pool/index.js';
import { createMemoryStore } from '../src/store/index.js';
import { runNotifyWorkers } from './helpers/notify-workers.js';

const PROCESSES = 4;
const CONCURRENCY = 50;

interface WorkerOutcome {
  tag: string;
  ok: boolean;
  formId?: string;
  source?: string;
  attempts?: number;
  error?: string;
}

describe('exactly once across processes on real Redis', () => {
  const emu = useTestEmulator({ purchaseTemplate: true }, 240_000);
  const redis = useRedisStore('exactly-once', 240_000);

  it('4 processes × 50 concurrent notifies over 150 credits deliver exactly 150', async () => {
    const openid = 'o-exactly-once';
    const appId = emu.appId;
    // 110 credits: above the default cap of 100 credits per user.
    const pool = new FormIdPool({ store: redis.store, appId, maxCreditsPerUser: 110 });
    const formIds = await emu.control.formIds({ appId, openid, count: 90 });
    const prepayIds: string[] = [];
    for (let i = 0; i < 20; i++) prepayIds.push(await emu.control.prepay({ appId, openid }));
    const now = Date.now();
    expect(
      (
        await pool.ingest(
          openid,
          formIds.map((formId) => ({ formId, createdAt: now })),
        )
      ).accepted,
    ).toHaveLength(90);
    for (const prepayId of prepayIds) await pool.addPrepayId(openid, prepayId, now);
    expect(await pool.available(openid)).toBe(150);

    const outcomes = await runNotifyWorkers<WorkerOutcome>(
      PROCESSES,
      { redis, appId, appSecret: emu.appSecret, baseUrl: emu.url },
      {
        openid,
        template: emu.template,
        concurrency: CONCURRENCY,
      },
    );

    const delivered = outcomes.filter((o) => o.ok);
    const failed = outcomes.filter((o) => !o.ok);
    expect(delivered).toHaveLength(150);
    expect(new Set(failed.map((o) => o.error))).toEqual(new Set(['NoCreditError']));
    expect(delivered.every((o) => o.attempts === 1)).toBe(true);

    const inbox = await emu.control.inbox({ appId, openid });
    expect(inbox).toHaveLength(150);
    const uses = new Map<string, number>();
    for (const message of inbox) uses.set(message.form_id, (uses.get(message.form_id) ?? 0) + 1);
    for (const formId of formIds) expect(uses.get(formId)).toBe(1);
    for (const prepayId of prepayIds) expect(uses.get(prepayId)).toBe(3);
    // Every delivered notify is in the inbox once, under the credit it reported.
    const byTag = new Map(inbox.map((m) => [m.data.keyword3?.value, m.form_id]));
    expect(byTag.size).toBe(150);
    for (const o of delivered) expect(byTag.get(o.tag)).toBe(o.formId);

    const stats = await emu.control.stats();
    expect(stats.sends.failed['41029'] ?? 0).toBe(0);
    expect(stats.sends.failed['41028'] ?? 0).toBe(0);

    const notifier = new Notifier({ client: clientFor(emu, { store: redis.store }), pool });
    await expect(
      notifier.notify({
        openid,
        template: emu.template,
        data: { place: 'a', time: 'b', item: 'c' },
      }),
    ).rejects.toBeInstanceOf(NoCreditError);
  }, 120_000);

  it('spends with one Redis round trip per notify (INFO commandstats)', async () => {
    const openid = 'o-round-trip';
    const appId = emu.appId;
    const pool = new FormIdPool({ store: redis.store, appId });
    const spends = 10;
    const formIds = await emu.control.formIds({ appId, openid, count: spends * 5 });
    await pool.ingest(
      openid,
      formIds.map((formId) => ({ formId, createdAt: Date.now() })),
    );
    // The client keeps its token elsewhere, so the pool's connection carries spends only.
    const notifier = new Notifier({ client: clientFor(emu, { store: createMemoryStore() }), pool });
    const data = { place: 'a', time: 'b', item: 'c' };
    await notifier.notify({ openid, template: emu.template, data });
    const { inspector } = redis;
    // INFO counts the whole server and other suites share it: retry on foreign traffic.
    let delta: Record<string, number> = {};
    let sent = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = await commandCalls(inspector);
      const counter = countCommands(redis.redis);
      for (let i = 0; i < spends; i++)
        await notifier.notify({ openid, template: emu.template, data });
      counter.stop();
      sent = counter.count;
      delta = callsDelta(before, await commandCalls(inspector));
      if (delta.evalsha === spends && !delta.eval) break;
    }
    expect(sent).toBe(spends);
    expect(delta.evalsha).toBe(spends);
    expect(delta.eval ?? 0).toBe(0);
  }, 60_000);

  it('spends each credit once under 200 concurrent notifies in one process (memory store)', async () => {
    const openid = 'o-memory-race';
    const appId = emu.appId;
    const memory = createMemoryStore();
    const pool = new FormIdPool({ store: memory, appId, maxCreditsPerUser: 110 });
    const formIds = await emu.control.formIds({ appId, openid, count: 90 });
    await pool.ingest(
      openid,
      formIds.map((formId) => ({ formId, createdAt: Date.now() })),
    );
    for (let i = 0; i < 20; i++) {
      await pool.addPrepayId(openid, await emu.control.prepay({ appId, openid }));
    }
    const notifier = new Notifier({ client: clientFor(emu, { store: memory }), pool });
    const data = { place: 'a', time: 'b', item: 'c' };
    const settled = await Promise.allSettled(
      Array.from({ length: 200 }, () => notifier.notify({ openid, template: emu.template, data })),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(150);
    for (const s of settled) {
      if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(NoCreditError);
    }
    expect(await emu.control.inbox({ appId, openid })).toHaveLength(150);
  }, 60_000);
});
