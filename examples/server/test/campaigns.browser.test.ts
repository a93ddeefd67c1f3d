/// <reference lib="dom" />
// The campaign page in headless Chromium: opened while a rate-limited campaign runs, its chart
// grows to the whole audience and the page ends on 'done'.
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER, startCampaignStack, usersWhoAccepted } from './campaign-support.js';
import type { TestStack } from './helpers.js';
import { chromiumPath, launchChromium } from './support.js';

const describeWithChromium = describe.skipIf(chromiumPath() === null);
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const USERS = 24;
const RATE = 6; // per second: about 4 s of sending, several polls of the page

describeWithChromium('the campaign page in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startCampaignStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('draws delivered growing to the total while the campaign runs, then shows done', async () => {
    const admin = { 'x-admin-token': stack.config.adminToken };
    const reminder = stack.server.notices.subscribeIds.bookingReminder as string;
    await usersWhoAccepted(stack, reminder, USERS);
    const page = await browser.newPage({ viewport: { width: 720, height: 640 } });
    const started = await stack.post(
      '/admin/campaigns',
      { template: 'bookingReminder', data: REMINDER, ratePerSecond: RATE },
      admin,
    );
    expect(started.status).toBe(201);
    const { id } = started.body as { id: string };

    // The token in the fragment: the browser never sends it but in the x-admin-token header.
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const answer = await page.goto(
      `${stack.url}/admin/campaigns/${id}/view#token=${encodeURIComponent(stack.config.adminToken)}`,
    );
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toMatch(/script-src 'nonce-/);

    // What the chart shows, read from the SVG as it is redrawn.
    const chart = page.locator('svg#chart');
    const seen: number[] = [];
    const deadline = Date.now() + 30_000;
    let state = '';
    while (Date.now() < deadline) {
      const read = await chart.evaluate((svg) => ({
        delivered: svg.querySelector('polygon.area.delivered')?.getAttribute('data-count'),
        state: svg.getAttribute('data-state'),
      }));
      if (read.delivered != null) seen.push(Number(read.delivered));
      state = read.state ?? '';
      if (state === 'done') break;
      await sleep(150);
    }
    expect(state).toBe('done');
    // Seen while running: at least one count strictly between none and all, never going back.
    expect(seen.some((n) => n > 0 && n < USERS)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(USERS);

    // The drawn figures and the numbers beside them.
    expect(await chart.getAttribute('data-total')).toBe(String(USERS));
    expect(await chart.locator('text.label.delivered').textContent()).toBe(`delivered ${USERS}`);
    expect(await chart.locator('text.label.state').textContent()).toBe('done');
    expect(Number(await chart.getAttribute('data-samples'))).toBeGreaterThanOrEqual(3);
    // The delivered area reaches the dashed total line at its right end.
    const top = await chart.evaluate((svg) => {
      const points = (svg.querySelector('polyline.line.delivered')?.getAttribute('points') ?? '')
        .trim()
        .split(' ')
        .map((p) => Number(p.split(',')[1]));
      return {
        last: points.at(-1),
        total: Number(svg.querySelector('line.total')?.getAttribute('y1')),
      };
    });
    expect(top.last).toBeCloseTo(top.total, 0);
    expect(await page.locator('#state').textContent()).toBe('done');
    expect(await page.locator('#delivered').textContent()).toBe(String(USERS));
    expect(await page.locator('#eta').textContent()).toMatch(/^done in \d+ s$/);

    // The token left the address bar and was never part of a URL the page requested.
    expect(page.url()).not.toContain('token');
    expect(requested.some((url) => url.includes(stack.config.adminToken))).toBe(false);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}campaign.png` });
    await page.close();
  });
});
