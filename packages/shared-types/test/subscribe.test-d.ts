import { describe, expectTypeOf, it } from 'vitest';
import {
  defineSubscribeTemplate,
  type SubscribeData,
  type SubscribeSlot,
  type SubscribeTemplateDefinition,
  validateSubscribeData,
} from '../src/index.js';

const paid = defineSubscribeTemplate({
  id: 'priTmpl-paid',
  title: '订单支付成功通知',
  keywords: { product: 'thing1', paidAt: 'time2', count: 'number01' },
});

describe('SubscribeData', () => {
  it('has exactly the keywords of the definition, typed by their kind', () => {
    expectTypeOf<keyof SubscribeData<typeof paid>>().toEqualTypeOf<
      'product' | 'paidAt' | 'count'
    >();
    expectTypeOf<SubscribeData<typeof paid>['product']>().toEqualTypeOf<string>();
    expectTypeOf<SubscribeData<typeof paid>['paidAt']>().toEqualTypeOf<string | Date>();
    expectTypeOf<SubscribeData<typeof paid>['count']>().toEqualTypeOf<string | number>();
  });

  it('refuses a missing or misspelled keyword and a value its kind does not take', () => {
    validateSubscribeData(paid, { product: '咖啡', paidAt: new Date(), count: 2 });
    // @ts-expect-error: 'count' is missing
    validateSubscribeData(paid, { product: '咖啡', paidAt: '15:01' });
    // @ts-expect-error: 'prodcut' is not a keyword
    validateSubscribeData(paid, { prodcut: '咖啡', paidAt: '15:01', count: 1 });
    // @ts-expect-error: a thing takes no number
    validateSubscribeData(paid, { product: 5, paidAt: '15:01', count: 1 });
  });

  it('refuses a slot that names no kind', () => {
    expectTypeOf<'thing1'>().toMatchTypeOf<SubscribeSlot>();
    expectTypeOf<'keyword1'>().not.toMatchTypeOf<SubscribeSlot>();
    // @ts-expect-error: keyword1 is a template-message slot, not a subscribe data key
    defineSubscribeTemplate({ id: 'x', title: 't', keywords: { a: 'keyword1' } });
  });

  it('refuses two names mapped to one data key', () => {
    // @ts-expect-error: a and b share thing1
    defineSubscribeTemplate({ id: 'x', title: 't', keywords: { a: 'thing1', b: 'thing1' } });
  });

  it('refuses more than 5 keywords (SUBSCRIBE_KEYWORDS_MAX)', () => {
    const five = { a: 'thing1', b: 'thing2', c: 'thing3', d: 'thing4', e: 'time5' } as const;
    defineSubscribeTemplate({ id: 'x', title: 't', keywords: five });
    // @ts-expect-error: six keywords
    defineSubscribeTemplate({ id: 'x', title: 't', keywords: { ...five, f: 'thing6' } });
  });
});

describe('enum keywords', () => {
  const shipped = defineSubscribeTemplate({
    id: 'priTmpl-shipped',
    title: '订单发货提醒',
    keywords: { status: 'enum2', order: 'character_string1' },
    enumValues: { status: ['已发货', '运输中'] },
  });

  it('types the data of an enum keyword as the union of its listed values', () => {
    expectTypeOf<SubscribeData<typeof shipped>['status']>().toEqualTypeOf<'已发货' | '运输中'>();
    expectTypeOf<SubscribeData<typeof shipped>['order']>().toEqualTypeOf<string>();
    validateSubscribeData(shipped, { status: '运输中', order: 'SF1' });
    // @ts-expect-error: 退货 is not one of the values
    validateSubscribeData(shipped, { status: '退货', order: 'SF1' });
  });

  it('keeps string when the values are not literals or not given', () => {
    const values: string[] = ['已发货'];
    const loose = defineSubscribeTemplate({
      id: 'x',
      title: 't',
      keywords: { status: 'enum2', order: 'character_string1' },
      enumValues: { status: values },
    });
    const none = defineSubscribeTemplate({
      id: 'x',
      title: 't',
      keywords: { status: 'enum2', order: 'character_string1' },
    });
    expectTypeOf<SubscribeData<typeof loose>['status']>().toEqualTypeOf<string>();
    expectTypeOf<SubscribeData<typeof none>['status']>().toEqualTypeOf<string>();
  });

  it('refuses enum values for a keyword that is not an enum', () => {
    defineSubscribeTemplate({
      id: 'x',
      title: 't',
      keywords: { status: 'enum2', order: 'character_string1' },
      // @ts-expect-error: order is a character_string
      enumValues: { status: ['已发货'], order: ['SF1'] },
    });
  });

  it('is a SubscribeTemplateDefinition, long-term or not', () => {
    expectTypeOf(shipped).toMatchTypeOf<SubscribeTemplateDefinition>();
    expectTypeOf(shipped.longTerm).toEqualTypeOf<boolean>();
    defineSubscribeTemplate({ id: 'x', title: 't', keywords: { a: 'thing1' }, longTerm: true });
  });
});
