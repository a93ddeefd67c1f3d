import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { APP, type AppsBody, getJson, SEND, WxCaller } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'wxtpl-emulator-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startEmulator({ dataFile })', () => {
  it('restores tokens, credits, templates, inbox, limits and the clock', async () => {
    const dataFile = join(dir, 'full.json');
    const first = await startEmulator({ port: 0, apps: [APP], dataFile });
    const wx = new WxCaller(first);
    const token = await wx.token();
    const template = await first.control.addTemplate({ id: 'AT0002', keywordIds: [3, 4, 5] });
    const [used, spare] = await first.control.formIds({ openid: 'oKeep', count: 2 });
    await wx.call(SEND, token, { touser: 'oKeep', template_id: template, form_id: used, data: {} });
    await first.control.setDailyLimit({ dailySendLimit: 5 });
    await first.control.advanceClock(60);
    await first.close();

    const second = await startEmulator({ port: 0, apps: [APP], dataFile });
    try {
      const wx2 = new WxCaller(second);
      expect(await second.control.inbox({ appId: APP.appId, openid: 'oKeep' })).toHaveLength(1);
      // The token issued before the restart still works, the spent formId stays spent.
      expect(
        (await wx2.call(SEND, token, { touser: 'oKeep', template_id: template, form_id: used }))
          .errcode,
      ).toBe(41029);
      expect(
        (await wx2.call(SEND, token, { touser: 'oKeep', template_id: template, form_id: spare }))
          .errcode,
      ).toBe(0);
      const apps = await getJson<AppsBody>(`${second.url}/__emulator/apps`);
      expect(apps.apps[0]?.dailySendLimit).toBe(5);
      expect((await second.control.stats()).sends.ok).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('writes the file owner-only (it holds the app secrets)', async () => {
    const dataFile = join(dir, 'mode.json');
    const emulator = await startEmulator({ port: 0, dataFile });
    await emulator.control.login();
    await emulator.close();
    expect(statSync(dataFile).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).version).toBe(1);
  });

  it('refuses a damaged data file with a clear error', async () => {
    const dataFile = join(dir, 'broken.json');
    writeFileSync(dataFile, '{not json');
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/not valid JSON/);
    writeFileSync(dataFile, '{"version": 9}');
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/unknown version/);
  });
});
