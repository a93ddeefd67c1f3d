/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoRun, EXPECTED_TITLES, recordingTranscript, runDemo } from '../demo/index.js';
import { chromiumPath, launchChromium } from './support.js';

// Skipped where no Chromium is to be had (`pnpm test` in the repository says why, once).
const describeWithChromium = describe.skipIf(chromiumPath() === null);
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

describeWithChromium('the demo flow, seen in the inbox page in headless Chromium', () => {
  let run: DemoRun;
  let browser: Browser;
  const transcript = recordingTranscript();

  beforeAll(async () => {
    // The same flow as `pnpm demo`, kept running so the page can be opened.
    run = await runDemo({ serve: true, out: transcript, color: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await run?.close();
  });

  it('narrates both stories and ends with the messages each must deliver', () => {
    const text = transcript.lines.join('\n');
    expect(text).toMatch(/Subscribe messages \(订阅消息\)/);
    expect(text).toMatch(/the reminder popup: reject/);
    expect(text).toMatch(/no message: the user rejected the reminder/);
    expect(text).toMatch(/popup shown: no/);
    expect(text).toMatch(/message push subscribe_msg_popup_event \(delivered\)/);
    expect(text).toMatch(/Template messages \(模板消息/);
    expect(run.messages.subscribe.map((m) => m.title)).toEqual([...EXPECTED_TITLES.subscribe]);
    expect(run.messages.template.map((m) => m.title)).toEqual([...EXPECTED_TITLES.template]);
  });

  it('shows the user one card per message of both kinds', async () => {
    // A phone in China: the page shows times in the user's zone, as the notifications' values do.
    const page = await browser.newPage({
      viewport: { width: 420, height: 3600 },
      deviceScaleFactor: 2,
      timezoneId: 'Asia/Shanghai',
      locale: 'zh-CN',
    });
    await page.goto(run.inboxUrl);
    const cards = page.locator('article.card');
    const all = [...EXPECTED_TITLES.subscribe, ...EXPECTED_TITLES.template];
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(all.length);

    const titles = await page.locator('article.card .card-title').allTextContents();
    expect([...titles].sort()).toEqual([...all].sort());

    // Subscribe messages: the reminders the user accepted, none for the rejected booking (洗牙).
    const reminders = cards.filter({ hasText: '预约提醒' });
    await expect.poll(() => reminders.count()).toBe(3);
    expect(await reminders.filter({ hasText: '洗牙' }).count()).toBe(0);
    expect(await reminders.filter({ hasText: '复诊' }).textContent()).toContain(
      '2026年12月15日 09:30',
    );
    expect(await cards.filter({ hasText: '快递签收通知' }).textContent()).toContain('顺丰速运');

    // Template messages: the emphasised keyword large.
    const booking = cards.filter({ hasText: '预约成功通知' }).filter({ hasText: '口腔检查' });
    await expect.poll(() => booking.count()).toBe(1);
    expect(await booking.locator('.emphasis-value').textContent()).toContain('2026年12月1日 15:00');
    const paid = cards.filter({ hasText: '订单支付成功通知' });
    expect(await paid.locator('.emphasis-value').textContent()).toContain('¥36.00');
    expect(await paid.textContent()).toContain('拿铁咖啡（大杯）');
    expect(await cards.filter({ hasText: '订单签收提醒' }).textContent()).toContain('本人');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}inbox.png` });
    await page.close();
  });
});
