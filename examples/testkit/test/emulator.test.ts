import { describe, expect, it } from 'vitest';
import {
  clientFor,
  PAGES,
  purchaseData,
  sendPayload,
  startEmulatorProcess,
  startTestEmulator,
} from '../src/index.ts';

describe('the in-process emulator fixture', () => {
  it('serves a fresh app of its own, its shortcuts bound to it, and a fast-retry client', async () => {
    const emulator = await startTestEmulator({ purchaseTemplate: true });
    const client = clientFor(emulator);
    try {
      expect(emulator.appId).toMatch(/^wxtest[0-9a-f]{12}$/);
      expect(emulator.template).toMatchObject({ title: '购买成功通知' });
      const [formId] = await emulator.formIds('o-fixture');
      await client.messages.send(sendPayload(emulator.template.id, 'o-fixture', formId as string));
      const [message] = await emulator.inbox('o-fixture');
      expect(message).toMatchObject({ form_id: formId, page: PAGES[0] });
      expect(message?.data.keyword3?.value).toBe(purchaseData().item);
      // The app declares its pages: any other is refused.
      const [second] = await emulator.formIds('o-fixture');
      const elsewhere = { ...sendPayload(emulator.template.id, 'o-fixture', second as string) };
      await expect(
        client.messages.send({ ...elsewhere, page: 'pages/nowhere/index' }),
      ).rejects.toMatchObject({ errcode: 41030 });
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('follows the virtual clock it moves', async () => {
    const emulator = await startTestEmulator();
    try {
      const before = emulator.now();
      await emulator.advance(3600);
      expect(emulator.now() - before).toBeGreaterThanOrEqual(3_600_000);
      expect(emulator.now() - before).toBeLessThan(3_660_000);
    } finally {
      await emulator.close();
    }
  });
});

describe('the emulator as its CLI in a process of its own', () => {
  it('starts on a free port with the fixture app, and is gone once closed', async () => {
    const emulator = await startEmulatorProcess();
    let closed = false;
    try {
      expect(emulator.pid).toBeGreaterThan(0);
      expect(await emulator.formIds('o-process', 2)).toHaveLength(2);
      expect((await emulator.stats()).requests).toBeDefined();
    } finally {
      await emulator.close();
      closed = true;
    }
    expect(closed).toBe(true);
    expect(() => process.kill(emulator.pid as number, 0)).toThrow();
    await expect(fetch(emulator.url)).rejects.toThrow();
  });
});
