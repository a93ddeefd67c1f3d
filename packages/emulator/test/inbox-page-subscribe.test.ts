/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { beijingDate, beijingLabel, TIME_ZONES } from './beijing-time.js';
import { APP, startTestEmulator, type WxCaller } from './helpers.js';
import { PAID_DATA, SUBSCRIBE_SEND, subscribeSetup } from './subscribe-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const USER = 'oInboxSubscriber000000000001';

describe.each(TIME_ZONES)('subscribe messages on the inbox page, zone %s', (timezoneId) => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} missing: install it with apt-get install -y chromium`);
    }
    ({ emulator, wx } = await startTestEmulator());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('shows 服务通知 cards: title, keyword rows, 进入小程序查看 and the version badge', async () => {
    const { paid } = await subscribeSetup(emulator, USER);
    await emulator.control.grantSubscription({
      appId: APP.appId,
      openid: USER,
      templateId: paid,
      count: 3,
    });
    const token = await wx.token();
    const send = async (extra: object) =>
      expect(
        (
          await wx.call(SUBSCRIBE_SEND, token, {
            touser: USER,
            template_id: paid,
            data: PAID_DATA,
            ...extra,
          })
        ).errcode,
      ).toBe(0);
    await send({ page: 'pages/order/index?id=1', miniprogram_state: 'developer' });
    await send({ miniprogram_state: 'trial', lang: 'en_US' });
    await send({});

    const context = await browser.newContext({ timezoneId, viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${emulator.url}/?appid=${APP.appId}&openid=${USER}`);
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 3);
    const cards = await page.locator('article.card').evaluateAll((nodes) =>
      nodes.map((card) => ({
        kind: (card as HTMLElement).dataset.kind,
        title: card.querySelector('.card-title')?.textContent,
        date: card.querySelector('.card-date')?.textContent,
        rows: Array.from(card.querySelectorAll('.kw')).map((row) => [
          row.querySelector('dt')?.textContent,
          row.querySelector('dd')?.textContent,
        ]),
        open: card.querySelector('.card-link .open')?.textContent,
        badge: card.querySelector('.card-link .badge')?.textContent ?? null,
        page: card.querySelector('.card-link .page')?.textContent,
        emphasis: card.querySelector('.emphasis') !== null,
      })),
    );
    const [first] = await emulator.control.inbox({
      appId: APP.appId,
      openid: USER,
      kind: 'subscribe',
    });
    const rows = [
      ['商品名称', '拿铁咖啡（大杯）'],
      ['支付金额', '¥36.00元'],
      ['支付时间', '2019年10月1日 15:01'],
    ];
    const common = { kind: 'subscribe', title: '订单支付成功通知', rows, emphasis: false };
    expect(cards).toEqual([
      {
        ...common,
        date: beijingDate(first?.receivedAt ?? 0),
        open: '进入小程序查看',
        badge: '开发版',
        page: 'pages/order/index?id=1',
      },
      {
        ...common,
        date: expect.any(String),
        open: 'View in Mini Program',
        badge: '体验版',
        page: '',
      },
      { ...common, date: expect.any(String), open: '进入小程序查看', badge: null, page: '' },
    ]);
    expect(await page.locator('.time').first().textContent()).toBe(
      beijingLabel(first?.receivedAt ?? 0),
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    if (timezoneId === 'UTC') {
      await page.screenshot({ path: `${ARTIFACTS}inbox-subscribe.png`, fullPage: true });
    }
    await context.close();
  }, 60_000);
});
