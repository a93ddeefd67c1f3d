// What the campaign tests share: the example server on a Redis of its own prefix (campaigns need
// Redis), its message push pointed at it, and users who accepted a template through the popup.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMULATOR_DEFAULTS } from '../src/config.js';
import { PAGES, startTestStack, type TestStack } from './helpers.js';
import { deleteKeys, testRedis } from './support.js';

/** A reminder's data: 预约提醒's keywords. */
export const REMINDER = {
  service: '洗牙',
  time: '2026年12月8日 10:30',
  store: '珠江新城店',
  contact: '李雷',
};

/** The tests' Redis and a fresh prefix (the SDK takes up to 64 characters: shorter than testRedis()'s). */
export function campaignRedis(): { url: string; prefix: string } {
  return { url: testRedis().url, prefix: `wxtpl-test:campaigns:${randomUUID().slice(0, 13)}:` };
}

/** The stack on Redis under a fresh prefix; `close` also deletes that prefix's keys. */
export async function startCampaignStack(): Promise<TestStack> {
  const { url, prefix: redisPrefix } = campaignRedis();
  const stack = await startTestStack({ redisUrl: url, redisPrefix, campaignConcurrency: 4 });
  await stack.emulator.control.registerApp({
    appId: stack.config.appId,
    appSecret: stack.config.appSecret,
    pages: PAGES,
    push: { url: `${stack.url}/wechat/push`, token: EMULATOR_DEFAULTS.pushToken },
  });
  const close = stack.close;
  stack.close = async () => {
    await close();
    await deleteKeys(url, redisPrefix);
  };
  return stack;
}

/**
 * `count` new users who each accept `templateId` in the popup: WeChat records it and pushes it to
 * the server, whose pool then holds one acceptance per user. Resolves once every push is answered.
 */
export async function usersWhoAccepted(
  stack: { emulator: Pick<TestStack['emulator'], 'control'>; config: { appId: string } },
  templateId: string,
  count: number,
): Promise<string[]> {
  const { control } = stack.emulator;
  const before = (await control.pushes()).length;
  const openids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { openid } = await control.login({ appId: stack.config.appId });
    await control.subscribe({ openid, templateIds: [templateId], decision: 'accept' });
    openids.push(openid);
  }
  for (let i = 0; i < 500; i++) {
    const pushes = await control.pushes();
    if (pushes.length >= before + count && pushes.every((p) => p.state !== 'pending')) {
      return openids;
    }
    await sleep(20);
  }
  throw new Error('the popup pushes were not answered in 10 s');
}

/** The subscribe messages of `openid` in the emulator's inbox. */
export function inbox(stack: TestStack, openid: string) {
  return stack.emulator.control.inbox({ appId: stack.config.appId, openid, kind: 'subscribe' });
}
