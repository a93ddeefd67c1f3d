import { describe, expect, it } from 'vitest';
import { parseTemplateContent } from '../src/index.js';

describe('parseTemplateContent', () => {
  it('reads template-message content', () => {
    expect(parseTemplateContent('购买地点{{keyword1.DATA}}\n购买时间{{keyword2.DATA}}\n')).toEqual([
      { slot: 'keyword1', label: '购买地点', kind: 'keyword', index: 1 },
      { slot: 'keyword2', label: '购买时间', kind: 'keyword', index: 2 },
    ]);
  });

  it('reads subscribe content with colons and underscored kinds', () => {
    expect(
      parseTemplateContent(
        '商品名称:{{thing1.DATA}}\n订单号：{{character_string02.DATA}}\n金额 : {{ amount3.DATA }}',
      ),
    ).toEqual([
      { slot: 'thing1', label: '商品名称', kind: 'thing', index: 1 },
      { slot: 'character_string02', label: '订单号', kind: 'character_string', index: 2 },
      { slot: 'amount3', label: '金额', kind: 'amount', index: 3 },
    ]);
  });

  it('keeps the first label of a repeated slot and ignores text without slots', () => {
    expect(
      parseTemplateContent('a{{keyword1.DATA}} b{{keyword1.DATA}}\nplain\n{{x.DATA}}'),
    ).toEqual([{ slot: 'keyword1', label: 'a', kind: 'keyword', index: 1 }]);
    expect(parseTemplateContent('')).toEqual([]);
    expect(parseTemplateContent(undefined as never)).toEqual([]);
  });
});
