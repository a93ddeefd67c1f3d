import { describe, expectTypeOf, it } from 'vitest';
import {
  buildSendRequest,
  defineTemplate,
  type KeywordName,
  type TemplateData,
  toWireData,
} from '../src/index.js';

const booking = defineTemplate({
  id: 'tpl-booking',
  title: '预约成功通知',
  keywords: { place: 'keyword1', time: 'keyword2', item: 'keyword3' },
});

describe('TemplateData', () => {
  it('requires exactly the keywords of the definition', () => {
    expectTypeOf<keyof TemplateData<typeof booking>>().toEqualTypeOf<'place' | 'time' | 'item'>();
    expectTypeOf<KeywordName<typeof booking>>().toEqualTypeOf<'place' | 'time' | 'item'>();
  });

  it('accepts a complete payload', () => {
    toWireData(booking, {
      place: '上海',
      time: '10:00',
      item: { value: '咖啡', color: '#173177' },
    });
  });

  it('refuses a missing keyword', () => {
    // @ts-expect-error item is missing
    toWireData(booking, { place: '上海', time: '10:00' });
  });

  it('refuses a misspelled keyword', () => {
    // @ts-expect-error itme is not a keyword of this template
    toWireData(booking, { place: '上海', time: '10:00', itme: '咖啡' });
  });

  it('refuses non-string values and bad colors', () => {
    // @ts-expect-error values are strings
    toWireData(booking, { place: '上海', time: 10, item: '咖啡' });
    // @ts-expect-error colors start with #
    toWireData(booking, { place: '上海', time: '10:00', item: { value: '咖啡', color: 'red' } });
  });

  it('types emphasis by keyword name', () => {
    const data = { place: '上海', time: '10:00', item: '咖啡' };
    buildSendRequest(booking, { touser: 'o', formId: 'f', data, emphasis: 'time' });
    // @ts-expect-error emphasis names a keyword, not a slot
    buildSendRequest(booking, { touser: 'o', formId: 'f', data, emphasis: 'keyword2' });
  });

  it('refuses slots that are not keywordN', () => {
    // @ts-expect-error slots are keyword1, keyword2, …
    defineTemplate({ id: 'x', title: 'y', keywords: { a: 'slot1' } });
  });
});
