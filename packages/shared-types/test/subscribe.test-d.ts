import { describe, expectTypeOf, it } from 'vitest';
import {
  defineSubscribeTemplate,
  type SubscribeData,
  type SubscribeSlot,
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
});
