import type { EmulatorControl } from '@wxtpl/emulator';
import { defineTemplate } from '@wxtpl/shared-types';

/** 购买成功通知 (AT0002, keywords 3, 4, 5): `item` carries each notify's unique marker. */
export function purchaseTemplate(id: string) {
  return defineTemplate({
    id,
    title: '购买成功通知',
    keywords: { place: 'keyword1', time: 'keyword2', item: 'keyword3' },
  });
}

export type PurchaseTemplate = ReturnType<typeof purchaseTemplate>;

/** Composes the template in the emulated account. */
export async function addPurchaseTemplate(
  control: EmulatorControl,
  appid: string,
): Promise<PurchaseTemplate> {
  return purchaseTemplate(
    await control.addTemplate({ appId: appid, id: 'AT0002', keywordIds: [3, 4, 5] }),
  );
}

/** The data of one notify, marked so that its message can be found in the inbox. */
export function markedData(marker: string) {
  return { place: 'TIT造舰厂', time: '2026年11月26日', item: marker };
}
