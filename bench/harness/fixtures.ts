import { randomUUID } from 'node:crypto';
import type { EmulatorControl } from '@wxtpl/emulator';
import { defineTemplate, type TemplateDefinition } from '@wxtpl/shared-types';

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

/** An app registered in the emulator for one benchmark, with its template. */
export interface BenchApp {
  appId: string;
  appSecret: string;
  template: BenchTemplate;
}

/** A fresh app (cold: no token issued yet) whose daily limit never gets in the way. */
export async function registerBenchApp(control: EmulatorControl, label: string): Promise<BenchApp> {
  const appId = `wxbench${label}${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const appSecret = `bench-secret-${randomUUID()}`;
  await control.registerApp({ appId, appSecret });
  await control.setDailyLimit({ appId: appId, dailySendLimit: 1_000_000_000 });
  const id = await control.addTemplate({ appId: appId, id: 'AT0014', keywordIds: [1, 2, 3, 4] });
  return {
    appId,
    appSecret,
    template: defineTemplate({ id, title: '酒店预订成功通知', keywords: KEYWORDS }),
  };
}

/** formIds minted by the emulator, `perUser` for each of several users. */
export interface MintedCredits {
  users: { openid: string; formIds: string[] }[];
  total: number;
}

let userSeq = 0;

/** Mints `total` formIds over ⌈total / perUser⌉ new users, as their report-submit forms would. */
export async function mintCredits(
  control: EmulatorControl,
  appId: string,
  total: number,
  perUser: number,
): Promise<MintedCredits> {
  const users: MintedCredits['users'] = [];
  for (let left = total; left > 0; left -= perUser) {
    const openid = `oBench${(userSeq++).toString(36).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
    const count = Math.min(perUser, left);
    users.push({ openid, formIds: await control.formIds({ appId: appId, openid, count }) });
  }
  return { users, total };
}

/** The send order every variant follows: round-robin over users, each user's formIds in order. */
export function sendOrder(credits: MintedCredits): { openid: string; formId: string }[] {
  const order: { openid: string; formId: string }[] = [];
  const longest = Math.max(...credits.users.map((u) => u.formIds.length));
  for (let k = 0; k < longest; k++) {
    for (const user of credits.users) {
      const formId = user.formIds[k];
      if (formId !== undefined) order.push({ openid: user.openid, formId });
    }
  }
  return order;
}
