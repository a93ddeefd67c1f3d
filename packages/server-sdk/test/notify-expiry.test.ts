import { WeChatPath } from '@wxtpl/shared-types';
import {
  clientFor,
  type EmulatorWithTemplate,
  openTestStore,
  startTestEmulator,
  type TestStore,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeChatApiError } from '../src/errors.js';
import { NoCreditError, Notifier } from '../src/notify/index.js';
import { FormIdPool } from '../src/pool/index.js';

const DAY_S = 86_400;
const data = { place: 'TIT造舰厂', time: '2026年11月26日', item: '咖啡' };

describe.each(['memory', 'redis'] as const)('expiry by the virtual clock (%s)', (kind) => {
  let emu: EmulatorWithTemplate;
  let testStore: TestStore;
  beforeAll(async () => {
    emu = await startTestEmulator({ purchaseTemplate: true });
    testStore = await openTestStore(kind);
  });
  afterAll(async () => {
    await emu.close();
    await testStore.cleanup();
  });

  it('never sends credits 7 days old, and purgeExpired removes them', async () => {
    const openid = 'o-expiry';
    const appId = emu.appId;
    const pool = new FormIdPool({ store: testStore.store, appId, now: emu.now });
    const notifier = new Notifier({ client: clientFor(emu, { store: testStore.store }), pool });
    const old = await emu.control.formIds({ appId, openid, count: 5 });
    const oldPrepay = await emu.control.prepay({ appId, openid });
    await pool.ingest(
      openid,
      old.map((formId) => ({ formId, createdAt: emu.now() })),
    );
    await pool.addPrepayId(openid, oldPrepay, emu.now());
    await emu.advance(3 * DAY_S);
    const fresh = await emu.control.formIds({ appId, openid, count: 2 });
    await pool.ingest(
      openid,
      fresh.map((formId) => ({ formId, createdAt: emu.now() })),
    );
    expect(await pool.available(openid)).toBe(10);

    // Inside the safety margin: WeChat would still take the old ones, the pool never offers them.
    await emu.advance(4 * DAY_S - 5 * 60);
    expect(await pool.available(openid)).toBe(2);
    expect(await pool.purgeExpired()).toBe(6);
    expect(await pool.purgeExpired()).toBe(0);
    const sendsBefore = (await emu.control.stats()).requests[WeChatPath.templateSend] ?? 0;
    const results = [
      await notifier.notify({ openid, template: emu.template, data }),
      await notifier.notify({ openid, template: emu.template, data }),
    ];
    expect(results.map((r) => r.formId).sort()).toEqual([...fresh].sort());
    expect(results.map((r) => r.attempts)).toEqual([1, 1]);
    await expect(notifier.notify({ openid, template: emu.template, data })).rejects.toBeInstanceOf(
      NoCreditError,
    );
    const stats = await emu.control.stats();
    expect(stats.requests[WeChatPath.templateSend]).toBe(sendsBefore + 2);
    expect(stats.sends.failed['41028'] ?? 0).toBe(0);

    // Past the 7 days WeChat itself refuses them: the margin is what kept us from trying.
    await emu.advance(5 * 60);
    const refused = await clientFor(emu)
      .messages.send({
        touser: openid,
        template_id: emu.template.id,
        form_id: old[0] as string,
        data: { keyword1: { value: 'a' }, keyword2: { value: 'b' }, keyword3: { value: 'c' } },
      })
      .catch((e: unknown) => e);
    expect((refused as WeChatApiError).errcode).toBe(41028);

    expect(await pool.purgeExpired()).toBe(0);
    expect(await pool.credits(openid)).toEqual([]);
    if (testStore.inspector) {
      // Only the duplicate-detection records of the two spent fresh ids are left, and the hash of
      // recent takes (kept an hour so a repeated take can be recognised).
      const base = `${testStore.store.prefix}c:{${appId.length}:${appId}:${openid}}:`;
      const keys = await testStore.inspector.keys(`${base}*`);
      expect(keys.sort()).toEqual([`${base}meta`, `${base}seen`, `${base}takes`].sort());
      expect((await testStore.inspector.zrange(`${base}seen`, 0, -1)).sort()).toEqual(
        [...fresh].sort(),
      );
    }
  });
});
