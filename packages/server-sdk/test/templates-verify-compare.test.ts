import type { SubscribeAccountTemplate } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { checkDefinitions, compareWithAccount } from '../src/templates/verify.js';

const paid: SubscribeAccountTemplate = {
  priTmplId: 'sub-paid',
  title: '订单支付成功通知',
  content: '商品名称:{{thing1.DATA}}\n支付金额:{{amount02.DATA}}\n物流状态:{{enum3.DATA}}\n',
  example: '',
  type: 2,
  keywordEnumValueList: [{ keywordCode: 'enum3.DATA', enumValueList: ['已发货', '运输中'] }],
};

function compare(keywords: Record<string, string>) {
  const definitions = checkDefinitions([
    { id: 'sub-paid', title: '订单支付成功通知', keywords, enumValues: {} },
  ]);
  return compareWithAccount(definitions, { subscribeTemplates: [paid] }).issues.map(
    ({ code, keyword, slot, expected }) => ({ code, keyword, slot, expected }),
  );
}

describe('compareWithAccount: what a subscribe slot mismatch can be', () => {
  it('is a kind mismatch only while the keyword of that number is not mapped exactly', () => {
    expect(compare({ a: 'thing1', b: 'amount02', c: 'phrase3' })).toEqual([
      { code: 'kind-mismatch', keyword: 'c', slot: 'phrase3', expected: 'enum3' },
    ]);
    expect(compare({ a: 'thing1', b: 'amount02', c: 'enum3', d: 'phrase3' })).toEqual([
      { code: 'unknown-slot', keyword: 'd', slot: 'phrase3', expected: undefined },
      { code: 'enum-values-incomplete', keyword: 'c', slot: 'enum3', expected: '已发货, 运输中' },
    ]);
  });

  it('takes the data key as written: amount2 is not amount02', () => {
    expect(compare({ a: 'thing1', b: 'amount2', c: 'enum3' })).toEqual([
      { code: 'unknown-slot', keyword: 'b', slot: 'amount2', expected: undefined },
      { code: 'unfilled-slot', keyword: undefined, slot: 'amount02', expected: undefined },
      { code: 'enum-values-incomplete', keyword: 'c', slot: 'enum3', expected: '已发货, 运输中' },
    ]);
  });

  it('reports a keyword the definition leaves out', () => {
    expect(compare({ a: 'thing1', c: 'enum3' }).map((i) => [i.code, i.slot])).toEqual([
      ['unfilled-slot', 'amount02'],
      ['enum-values-incomplete', 'enum3'],
    ]);
  });

  it('calls an id missing from the lists it has missing', () => {
    const definitions = checkDefinitions([
      { id: 'sub-paid', title: '订单支付成功通知', keywords: { a: 'keyword1' } },
    ]);
    expect(compareWithAccount(definitions, { templates: [] }).issues.map((i) => i.code)).toEqual([
      'missing-template',
    ]);
  });
});
