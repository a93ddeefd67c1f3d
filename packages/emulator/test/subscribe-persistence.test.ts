import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@wxtpl/shared-types';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { APP, getJson, SEND, WxCaller } from './helpers.js';
import { PAID_DATA, SUBSCRIBE_SEND, subscribeSetup } from './subscribe-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'wxtpl-emulator-subscribe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const USER = 'oSubscribeKeep00000000000001';

describe('subscribe state in the data file', () => {
  it('keeps templates, acceptances, kept choices, bans and the push config across a restart', async () => {
    const dataFile = join(dir, 'subscribe.json');
    const push = { url: 'http://127.0.0.1:9/push', token: 'keepToken', format: 'xml' as const };
    const first = await startEmulator({ port: 0, apps: [APP], dataFile });
    const { paid, progress } = await subscribeSetup(first, USER);
    await first.control.registerApp({ ...APP, push });
    await first.control.subscribe({ openid: USER, templateIds: [paid], keep: true });
    await first.control.subscribe({ openid: USER, templateIds: [paid] });
    await first.control.banSubscribe({ templateId: progress });
    await first.close();

    const second = await startEmulator({ port: 0, apps: [APP], dataFile });
    try {
      expect((await second.control.subscribeTemplates()).map((t) => t.priTmplId)).toEqual([
        paid,
        progress,
      ]);
      expect(await second.control.subscriptions({ openid: USER })).toEqual({
        setting: { mainSwitch: true, itemSettings: { [paid]: 'accept' } },
        subscriptions: [{ templateId: paid, oneTime: 2, longTerm: false, kept: 'accept' }],
      });
      const wx = new WxCaller(second);
      const token = await wx.token();
      const request = { touser: USER, data: PAID_DATA };
      expect(
        (await wx.call(SUBSCRIBE_SEND, token, { ...request, template_id: progress })).errcode,
      ).toBe(43107);
      expect(
        (await wx.call(SUBSCRIBE_SEND, token, { ...request, template_id: paid })).errcode,
      ).toBe(0);
      const apps = await getJson<{ apps: { push: unknown }[] }>(`${second.url}/__emulator/apps`);
      expect(apps.apps[0]?.push).toEqual({ url: push.url, format: 'xml', mode: 'plain' });
    } finally {
      await second.close();
    }
  });

  it('loads a data file written before subscribe messages (credit kinds formId / prepayId)', async () => {
    const dataFile = join(dir, 'legacy.json');
    const first = await startEmulator({ port: 0, apps: [APP], dataFile });
    const template = await first.control.addTemplate({ id: 'AT0002', keywordIds: [3, 4] });
    const [formId, sent] = await first.control.formIds({ openid: 'oLegacy', count: 2 });
    const wx = new WxCaller(first);
    const token = await wx.token();
    await wx.call(SEND, token, { touser: 'oLegacy', template_id: template, form_id: sent });
    await first.close();
    const dump = JSON.parse(readFileSync(dataFile, 'utf8'));
    delete dump.subscribeTemplates;
    delete dump.acceptances;
    delete dump.stats.subscribeSends;
    delete dump.stats.pushes;
    for (const [, credit] of dump.credits) credit.kind = 'formId';
    for (const message of dump.inbox.messages) delete message.kind;
    for (const app of dump.apps)
      for (const key of ['push', 'bannedTemplates', 'sensitiveWords']) delete app[key];
    writeFileSync(dataFile, JSON.stringify(dump));

    const second = await startEmulator({ port: 0, apps: [APP], dataFile });
    try {
      const wx2 = new WxCaller(second);
      expect(
        (await wx2.call(SEND, token, { touser: 'oLegacy', template_id: template, form_id: formId }))
          .errcode,
      ).toBe(0);
      expect((await second.control.inbox()).map((m) => m.kind)).toEqual(['template', 'template']);
      expect((await second.control.stats()).pushes).toEqual({
        delivered: 0,
        failed: 0,
        dropped: 0,
      });
    } finally {
      await second.close();
    }
  });

  it('refuses a malformed push config in startEmulator with an InvalidArgumentError', async () => {
    await expect(
      startEmulator({ port: 0, apps: [{ ...APP, push: { url: 'nope', token: 'abc' } }] }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
