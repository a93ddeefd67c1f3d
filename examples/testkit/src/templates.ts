import type { EmulatorControl } from '@wxtpl/emulator';
import { defineTemplate } from '@wxtpl/shared-types';

/** 购买成功通知 (library AT0002, keywords 3, 4, 5): 购买地点, 购买时间, 物品名称. */
export const PURCHASE = {
  libraryId: 'AT0002',
  keywordIds: [3, 4, 5],
  title: '购买成功通知',
  keywords: { place: 'keyword1', time: 'keyword2', item: 'keyword3' },
} as const;

export function purchaseTemplate(id: string) {
  return defineTemplate({ id, title: PURCHASE.title, keywords: PURCHASE.keywords });
}

export type PurchaseTemplate = ReturnType<typeof purchaseTemplate>;

/** Composes 购买成功通知 in the app's emulated account. */
export async function addPurchaseTemplate(
  control: EmulatorControl,
  appId: string,
): Promise<PurchaseTemplate> {
  const id = await control.addTemplate({
    appId,
    id: PURCHASE.libraryId,
    keywordIds: [...PURCHASE.keywordIds],
  });
  return purchaseTemplate(id);
}

/** Data for 购买成功通知 (the reference document's example); `item` can mark each message. */
export function purchaseData(item = '咖啡') {
  return { place: 'TIT造舰厂', time: '2016年6月6日', item };
}

/** A valid raw send of 购买成功通知 (`client.messages.send`) spending `formId`. */
export function sendPayload(templateId: string, openid: string, formId: string) {
  const data = purchaseData();
  return {
    touser: openid,
    template_id: templateId,
    form_id: formId,
    page: 'pages/index/index',
    data: {
      keyword1: { value: data.place },
      keyword2: { value: data.time },
      keyword3: { value: data.item },
    },
  };
}
