import { randomUUID } from 'node:crypto';
import type { EmulatorControl } from '@wxtpl/emulator';
import {
  defineSubscribeTemplate,
  defineTemplate,
  type SubscribeTemplateDefinition,
  type TemplateDefinition,
} from '@wxtpl/shared-types';

/** AT0014 酒店预订成功通知: the reference document's send example. */
export const KEYWORDS = {
  orderNo: 'keyword1',
  checkIn: 'keyword2',
  hotel: 'keyword3',
  address: 'keyword4',
} as const;

export type BenchTemplate = TemplateDefinition<typeof KEYWORDS>;

/** The reference document's example data, sent by every benchmark. */
export const DATA = {
  orderNo: '339208499',
  checkIn: '2015年01月05日 12:30',
  hotel: '粤海喜来登酒店',
  address: '广州市天河区天河路208号',
};
export const PAGE = 'pages/index/index?id=339208499';
export const EMPHASIS = 'orderNo' as const;

/** Title 99 of the emulator's subscribe library, kids 1..4: the same booking, by keyword kind. */
export const SUBSCRIBE_KEYWORDS = {
  hotel: 'thing1',
  amount: 'amount2',
  checkIn: 'time3',
  orderNo: 'character_string4',
} as const;

export type BenchSubscribeTemplate = SubscribeTemplateDefinition<typeof SUBSCRIBE_KEYWORDS>;

export const SUBSCRIBE_DATA = {
  hotel: '粤海喜来登酒店',
  amount: '¥36.00元',
  checkIn: '2015年01月05日 12:30',
  orderNo: '339208499',
};

/** What pays for one message: a formId, or a one-time acceptance of the subscribe template. */
export type CreditKind = 'template' | 'subscribe';

/** An app registered in the emulator for one benchmark, with its template. */
export interface BenchApp {
  appId: string;
  appSecret: string;
  template: BenchTemplate;
  subscribeTemplate: BenchSubscribeTemplate;
}

/** A fresh app (cold: no token issued yet) whose daily limit never gets in the way. */
export async function registerBenchApp(control: EmulatorControl, label: string): Promise<BenchApp> {
  const appId = `wxbench${label}${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const appSecret = `bench-secret-${randomUUID()}`;
  await control.registerApp({ appId, appSecret });
  await control.setDailyLimit({ appId: appId, dailySendLimit: 1_000_000_000 });
  const id = await control.addTemplate({ appId: appId, id: 'AT0014', keywordIds: [1, 2, 3, 4] });
  const priTmplId = await control.addSubscribeTemplate({ appId, tid: 99, kidList: [1, 2, 3, 4] });
  return {
    appId,
    appSecret,
    template: defineTemplate({ id, title: '酒店预订成功通知', keywords: KEYWORDS }),
    subscribeTemplate: defineSubscribeTemplate({
      id: priTmplId,
      title: '预订成功通知',
      keywords: SUBSCRIBE_KEYWORDS,
    }),
  };
}

/** Credits minted by the emulator, `perUser` for each of several users. */
export interface MintedCredits {
  /** `ids`: the formIds, or made-up report ids of the acceptances. */
  users: { openid: string; ids: string[] }[];
  total: number;
}

let userSeq = 0;

/**
 * Mints `total` credits over ⌈total / perUser⌉ new users: formIds, as their report-submit forms
 * would, or acceptances of `app.subscribeTemplate`, as their popups would (each then listed by a
 * made-up report id, the subscribe send naming no credit).
 */
export async function mintCredits(
  control: EmulatorControl,
  app: BenchApp,
  total: number,
  perUser: number,
  kind: CreditKind = 'template',
): Promise<MintedCredits> {
  const { appId } = app;
  const users: MintedCredits['users'] = [];
  for (let left = total; left > 0; left -= perUser) {
    const openid = `oBench${(userSeq++).toString(36).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
    const count = Math.min(perUser, left);
    if (kind === 'template') {
      users.push({ openid, ids: await control.formIds({ appId, openid, count }) });
      continue;
    }
    const templateId = app.subscribeTemplate.id;
    await control.grantSubscription({ appId, openid, templateId, count });
    users.push({ openid, ids: Array.from({ length: count }, () => randomUUID()) });
  }
  return { users, total };
}

/** The send order every variant follows: round-robin over users, each user's credits in order. */
export function sendOrder(credits: MintedCredits): { openid: string; id: string }[] {
  const order: { openid: string; id: string }[] = [];
  const longest = Math.max(...credits.users.map((u) => u.ids.length));
  for (let k = 0; k < longest; k++) {
    for (const user of credits.users) {
      const id = user.ids[k];
      if (id !== undefined) order.push({ openid: user.openid, id });
    }
  }
  return order;
}
