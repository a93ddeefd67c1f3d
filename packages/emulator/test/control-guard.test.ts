/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumForTests, launchChromium, rawHttp } from '@wxtpl/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { APP, startTestEmulator, type WxCaller } from './helpers.js';

/** One raw request, with the headers a browser or an attacker would set. */
const raw = (
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
) => rawHttp(url, { ...options, method: options.method ?? 'GET' });

const JSON_TYPE = { 'content-type': 'application/json' };

describe('the control plane answers this machine only', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  beforeAll(async () => ({ emulator, wx } = await startTestEmulator()));
  afterAll(() => emulator.close());

  const changeSecret = (headers: Record<string, string>) =>
    raw(`${emulator.url}/__emulator/apps`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ appid: APP.appId, secret: 'pwned-secret' }),
    });
  const secretUnchanged = async () => {
    expect((await wx.token()).length).toBeGreaterThan(100);
    const forged = await wx.get(
      `/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}&secret=pwned-secret`,
    );
    expect(forged.body.errcode).toBe(40125);
  };

  it('refuses a text/plain POST (what a cross-site form or no-cors fetch sends): 415', async () => {
    const answer = await changeSecret({ 'content-type': 'text/plain' });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining('application/json') });
    expect((await changeSecret({})).status).toBe(415);
    await secretUnchanged();
  });

  it('refuses a foreign Origin, even with JSON: 403', async () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1.evil.example:4100']) {
      const answer = await changeSecret({ ...JSON_TYPE, origin });
      expect(answer.status, origin).toBe(403);
    }
    expect((await changeSecret({ ...JSON_TYPE, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    await secretUnchanged();
  });

  it('refuses a foreign Host (DNS rebinding) on the control plane, not on the WeChat API', async () => {
    const stats = await raw(`${emulator.url}/__emulator/stats`, {
      headers: { host: `rebind.example:${emulator.port}` },
    });
    expect(stats.status).toBe(403);
    expect(stats.body).not.toContain('tokensIssued');
    const token = await raw(
      `${emulator.url}/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}&secret=${APP.appSecret}`,
      { headers: { host: `api.weixin.qq.com` } },
    );
    expect(JSON.parse(token.body).access_token).toMatch(/\S{100,}/);
  });

  it('answers loopback names and their own origin', async () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'emu.localhost']) {
      const answer = await raw(`${emulator.url}/__emulator/stats`, {
        headers: { host: `${host}:${emulator.port}`, origin: `http://${host}:${emulator.port}` },
      });
      expect(answer.status, host).toBe(200);
    }
  });

  it('bounds the clock: advanceSeconds 1e300 is refused and later tokens still work', async () => {
    for (const advanceSeconds of [1e300, Number.MAX_VALUE, 10 * 365 * 86_400 + 1, -1]) {
      const answer = await raw(`${emulator.url}/__emulator/clock`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ advanceSeconds }),
      });
      expect(answer.status, String(advanceSeconds)).toBe(400);
    }
    const token = await wx.token();
    expect(
      (await wx.call('/cgi-bin/wxopen/template/list', token, { offset: 0, count: 1 })).errcode,
    ).toBe(0);
  });

  it('answers extra host names given as controlHosts (a compose service name)', async () => {
    const named = await startEmulator({ controlHosts: ['Emulator'] });
    try {
      const ok = await raw(`${named.url}/__emulator/stats`, {
        headers: { host: `emulator:${named.port}` },
      });
      expect(ok.status).toBe(200);
      const other = await raw(`${named.url}/__emulator/stats`, {
        headers: { host: `web:${named.port}` },
      });
      expect(other.status).toBe(403);
    } finally {
      await named.close();
    }
  });
});

// The same attacks from a real browser: a page on a foreign name (mapped to this machine).
describe.skipIf(chromiumForTests().path === null)(
  'the control plane against a page in Chromium',
  () => {
    let emulator: RunningEmulator;
    let wx: WxCaller;
    let browser: Browser;
    let evil: Server;
    let evilUrl: string;

    beforeAll(async () => {
      ({ emulator, wx } = await startTestEmulator());
      evil = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end('<!doctype html><title>evil</title>');
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
      evilUrl = `http://evil.test:${(evil.address() as AddressInfo).port}/`;
      browser = await launchChromium(undefined, {
        args: ['--host-resolver-rules=MAP evil.test 127.0.0.1, MAP rebind.test 127.0.0.1'],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => evil?.close(() => resolve()));
      await emulator?.close();
    });

    it('a cross-site page cannot change the app secret (no-cors text/plain, nor CORS JSON)', async () => {
      const page = await browser.newPage();
      await page.goto(evilUrl);
      const before = (await emulator.control.stats()).requests['/__emulator/apps'] ?? 0;
      const target = `${emulator.url}/__emulator/apps`;
      const outcome = await page.evaluate(
        async ({ target, appid }) => {
          const body = JSON.stringify({ appid, secret: 'pwned-secret' });
          await fetch(target, { method: 'POST', mode: 'no-cors', body }).catch(() => undefined);
          return fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          })
            .then((response) => `answered ${response.status}`)
            .catch(() => 'blocked');
        },
        { target, appid: APP.appId },
      );
      expect(outcome).toBe('blocked');
      // The requests reached the emulator and were refused there.
      expect((await emulator.control.stats()).requests['/__emulator/apps'] ?? 0).toBeGreaterThan(
        before,
      );
      expect((await wx.token()).length).toBeGreaterThan(100);
      await page.close();
    });

    it('a rebound name on the emulator port reads nothing from the control plane', async () => {
      const page = await browser.newPage();
      await page.goto(`http://rebind.test:${emulator.port}/`);
      const status = await page.evaluate(async () => (await fetch('/__emulator/stats')).status);
      expect(status).toBe(403);
      await page.close();
    });
  },
);
