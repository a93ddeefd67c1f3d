/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumForTests, launchChromium } from '@wxtpl/testkit';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { beijingDate, beijingLabel, TIME_ZONES } from './beijing-time.js';
import { APP, SEND, startTestEmulator, type WxCaller } from './helpers.js';
import { PAID_DATA, SUBSCRIBE_SEND, subscribeSetup } from './subscribe-fixtures.js';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const USER = 'oInboxPageUser0000000000001';
const SUBSCRIBER = 'oInboxSubscriber000000000001';

// WeChat shows Beijing time whatever the phone's zone: so must the page, in any browser zone.
// Skipped, with the global setup's line saying why, where no Chromium is to be had.
describe.skipIf(chromiumForTests().path === null).each(TIME_ZONES)(
  'GET / (the service-notifications page) in Chromium, zone %s',
  inboxPage,
);

function inboxPage(timezoneId: string) {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let browser: Browser;
  let context: BrowserContext;
  let token: string;
  let templateId: string;

  beforeAll(async () => {
    ({ emulator, wx } = await startTestEmulator());
    browser = await launchChromium();
    context = await browser.newContext({
      timezoneId,
      viewport: { width: 420, height: 900 },
      deviceScaleFactor: 2,
    });
    token = await wx.token();
    templateId = await emulator.control.addTemplate({
      appId: APP.appId,
      id: 'AT0014',
      keywordIds: [1, 2, 3, 4],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  const send = async (data: Record<string, { value: string; color?: string }>, extra = {}) => {
    const [formId] = await emulator.control.formIds({ appId: APP.appId, openid: USER });
    const body = await wx.call(SEND, token, {
      touser: USER,
      template_id: templateId,
      form_id: formId,
      data,
      ...extra,
    });
    expect(body.errcode).toBe(0);
  };

  it('shows a sent message as a card, the emphasised keyword large, and updates by polling', async () => {
    await send(
      {
        keyword1: { value: '339208499', color: '#173177' },
        keyword2: { value: '2015年01月05日 12:30' },
        keyword3: { value: '粤海喜来登酒店', color: '#07c160' },
        keyword4: { value: '广州市天河区天河路208号' },
      },
      { page: 'pages/order/detail?id=339208499', emphasis_keyword: 'keyword1.DATA' },
    );
    const page = await context.newPage();
    await page.goto(`${emulator.url}/?appid=${APP.appId}&openid=${USER}`);
    const card = page.locator('article.card').first();
    await card.waitFor();

    expect(await page.title()).toContain('服务通知');
    expect(await card.locator('.card-title').textContent()).toBe('酒店预订成功通知');
    const emphasis = card.locator('.emphasis');
    expect(await emphasis.locator('.emphasis-name').textContent()).toBe('订单号');
    expect(await emphasis.locator('.emphasis-value').textContent()).toBe('339208499');
    const emphasisStyle = await emphasis.locator('.emphasis-value').evaluate((node) => ({
      size: getComputedStyle(node).fontSize,
      color: getComputedStyle(node).color,
    }));
    expect(Number.parseFloat(emphasisStyle.size)).toBeGreaterThanOrEqual(24);
    expect(emphasisStyle.color).toBe('rgb(23, 49, 119)');

    const rows = await card.locator('.kw').evaluateAll((nodes) =>
      nodes.map((row) => ({
        name: row.querySelector('dt')?.textContent,
        value: row.querySelector('dd')?.textContent,
        color: getComputedStyle(row.querySelector('dd') as Element).color,
      })),
    );
    expect(rows).toEqual([
      { name: '入住时间', value: '2015年01月05日 12:30', color: 'rgb(0, 0, 0)' },
      { name: '酒店名称', value: '粤海喜来登酒店', color: 'rgb(7, 193, 96)' },
      { name: '酒店地址', value: '广州市天河区天河路208号', color: 'rgb(0, 0, 0)' },
    ]);
    expect(await card.locator('.card-link .page').textContent()).toBe(
      'pages/order/detail?id=339208499',
    );
    const [first] = await emulator.control.inbox({ appId: APP.appId, openid: USER });
    expect(await page.locator('.time').first().textContent()).toBe(
      beijingLabel(first?.receivedAt ?? 0),
    );
    expect(await card.locator('.card-date').textContent()).toBe(
      beijingDate(first?.receivedAt ?? 0),
    );
    expect(await page.locator('#user option:checked').textContent()).toContain(USER);

    // A message sent while the page is open appears on the next poll, newest last.
    await send(
      {
        keyword1: { value: '339208512' },
        keyword2: { value: '2015年01月06日 14:00' },
        keyword3: { value: '白天鹅宾馆', color: '#fa5151' },
        keyword4: { value: '广州市荔湾区沙面南街1号' },
      },
      { emphasis_keyword: 'keyword3.DATA' },
    );
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 2);
    const second = page.locator('article.card').nth(1);
    expect(await second.locator('.emphasis-value').textContent()).toBe('白天鹅宾馆');
    expect(await second.locator('.card-link').textContent()).toContain('无跳转页面');
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = timezoneId === 'UTC' ? 'inbox-utc.png' : 'inbox.png';
    await page.screenshot({ path: `${ARTIFACTS}${shot}`, fullPage: true });

    // Message data is shown as text, never interpreted as markup.
    await send({
      keyword1: { value: '<img src=x onerror="document.title=\'pwned\'">' },
      keyword2: { value: '-' },
      keyword3: { value: '-' },
      keyword4: { value: '-' },
    });
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 3);
    const third = page.locator('article.card').nth(2);
    expect(await third.locator('.kw dd').first().textContent()).toContain('<img src=x');
    expect(await third.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await page.close();
  }, 60_000);

  it('the user picker lists the users and shows an empty inbox for a user without messages', async () => {
    await emulator.control.login({ appId: APP.appId, openid: 'oQuietUser' });
    const page = await context.newPage();
    await page.goto(`${emulator.url}/?appid=${APP.appId}&openid=oQuietUser`);
    await page.locator('.empty').waitFor();
    expect(await page.locator('.empty').textContent()).toBe('暂无服务通知');
    const options = await page.locator('#user option').allTextContents();
    expect(options.some((o) => o.includes(USER))).toBe(true);
    await page.selectOption('#user', `${APP.appId} ${USER}`);
    await page.locator('article.card').first().waitFor();
    expect(page.url()).toContain(`openid=${USER}`);
    await page.close();
  }, 60_000);

  it('shows 服务通知 cards: title, keyword rows, 进入小程序查看 and the version badge', async () => {
    const { paid } = await subscribeSetup(emulator, SUBSCRIBER);
    await emulator.control.grantSubscription({
      appId: APP.appId,
      openid: SUBSCRIBER,
      templateId: paid,
      count: 3,
    });
    const send = async (extra: object) =>
      expect(
        (
          await wx.call(SUBSCRIBE_SEND, token, {
            touser: SUBSCRIBER,
            template_id: paid,
            data: PAID_DATA,
            ...extra,
          })
        ).errcode,
      ).toBe(0);
    await send({ page: 'pages/order/index?id=1', miniprogram_state: 'developer' });
    await send({ miniprogram_state: 'trial', lang: 'en_US' });
    await send({});

    const page = await context.newPage();
    await page.goto(`${emulator.url}/?appid=${APP.appId}&openid=${SUBSCRIBER}`);
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
      openid: SUBSCRIBER,
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
    await page.close();
  }, 60_000);
}
