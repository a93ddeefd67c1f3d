import { describe, expectTypeOf, it } from 'vitest';
import {
  buildSendRequest,
  defineTemplate,
  type KeywordMap,
  type KeywordName,
  type TEMPLATE_KEYWORDS_MAX,
  type TemplateData,
  type TemplateKeywordSlot,
  toWireData,
} from '../src/index.js';
import { purchase } from './fixtures.js';

describe('TemplateData', () => {
  it('requires exactly the keywords of the definition', () => {
    expectTypeOf<keyof TemplateData<typeof purchase>>().toEqualTypeOf<'place' | 'time' | 'item'>();
    expectTypeOf<KeywordName<typeof purchase>>().toEqualTypeOf<'place' | 'time' | 'item'>();
  });

  it('accepts a complete payload', () => {
    toWireData(purchase, {
      place: '上海',
      time: '10:00',
      item: { value: '咖啡', color: '#173177' },
    });
  });

  it('refuses a missing keyword', () => {
    // @ts-expect-error item is missing
    toWireData(purchase, { place: '上海', time: '10:00' });
  });

  it('refuses a misspelled keyword', () => {
    // @ts-expect-error itme is not a keyword of this template
    toWireData(purchase, { place: '上海', time: '10:00', itme: '咖啡' });
  });

  it('refuses non-string values and bad colors', () => {
    // @ts-expect-error values are strings
    toWireData(purchase, { place: '上海', time: 10, item: '咖啡' });
    // @ts-expect-error colors start with #
    toWireData(purchase, { place: '上海', time: '10:00', item: { value: '咖啡', color: 'red' } });
  });

  it('types emphasis by keyword name', () => {
    const data = { place: '上海', time: '10:00', item: '咖啡' };
    buildSendRequest(purchase, { touser: 'o', formId: 'f', data, emphasis: 'time' });
    // @ts-expect-error emphasis names a keyword, not a slot
    buildSendRequest(purchase, { touser: 'o', formId: 'f', data, emphasis: 'keyword2' });
  });

  it('refuses slots that are not keywordN', () => {
    // @ts-expect-error slots are keyword1, keyword2, …
    defineTemplate({ id: 'x', title: 'y', keywords: { a: 'slot1' } });
  });

  it('refuses a slot past keyword10: a template has at most TEMPLATE_KEYWORDS_MAX keywords', () => {
    expectTypeOf<`keyword${typeof TEMPLATE_KEYWORDS_MAX}`>().toMatchTypeOf<TemplateKeywordSlot>();
    expectTypeOf<'keyword11'>().not.toMatchTypeOf<TemplateKeywordSlot>();
    expectTypeOf<'keyword0'>().not.toMatchTypeOf<TemplateKeywordSlot>();
    defineTemplate({ id: 'x', title: 'y', keywords: { a: 'keyword10' } });
    // @ts-expect-error: keyword11 is no slot of any template
    defineTemplate({ id: 'x', title: 'y', keywords: { a: 'keyword1', b: 'keyword11' } });
  });

  it('refuses two names mapped to one slot', () => {
    defineTemplate({ id: 'x', title: 'y', keywords: { a: 'keyword1', b: 'keyword2' } });
    defineTemplate({
      id: 'x',
      title: 'y',
      // @ts-expect-error: a and c share keyword1
      keywords: { a: 'keyword1', b: 'keyword2', c: 'keyword1' },
    });
    // @ts-expect-error: numeric names are names too
    defineTemplate({ id: 'x', title: 'y', keywords: { 1: 'keyword3', 2: 'keyword3' } });
  });

  it('still takes a map built at run time (checked at run time)', () => {
    const built: KeywordMap = Object.fromEntries([['a', 'keyword1']]);
    const definition = defineTemplate({ id: 'x', title: 'y', keywords: built });
    expectTypeOf(definition.keywords).toEqualTypeOf<Readonly<KeywordMap>>();
  });
});
