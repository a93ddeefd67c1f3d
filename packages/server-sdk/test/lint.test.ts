import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type LintReport, lintTemplateProposal } from '../src/index.js';

const good = {
  title: '购买成功通知',
  keywords: [
    { name: '购买地点', example: 'TIT造舰厂' },
    { name: '购买时间', example: '2016年6月6日' },
    { name: '物品名称', example: '咖啡' },
  ],
};

function rules(report: LintReport): string[] {
  return report.findings.map((f) => `${f.rule}:${f.severity}:${f.path}`);
}

describe('lintTemplateProposal', () => {
  it('passes a proposal in the style of the reference document', () => {
    expect(lintTemplateProposal(good)).toEqual({ ok: true, findings: [] });
    expect(lintTemplateProposal({ ...good, title: '交易提醒' }).ok).toBe(true);
  });

  it('1.3: the title must end with 提醒 or 通知', () => {
    const report = lintTemplateProposal({ ...good, title: '购买成功' });
    expect(report.ok).toBe(false);
    expect(rules(report)).toEqual(['1.3:error:title']);
    expect(report.findings[0]?.message).toContain('提醒');
  });

  it('1.4: no special symbols in the title', () => {
    const report = lintTemplateProposal({ ...good, title: '【重要】购买成功！🎉通知' });
    expect(rules(report)).toEqual(['1.4:error:title']);
    expect(report.findings[0]?.message).toContain('【');
    expect(report.findings[0]?.message).toContain('🎉');
  });

  it.each([
    '优惠券到账通知',
    '购物返利通知',
    '红包领取提醒',
    '会员卡积分变动通知',
    '双11活动提醒',
    '新品上架通知',
  ])('1.6: refuses the marketing title %s', (title) => {
    const report = lintTemplateProposal({ ...good, title });
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.rule)).toContain('1.6');
  });

  it('1.6: names the most specific marketing term once', () => {
    const report = lintTemplateProposal({ ...good, title: '优惠券到账通知' });
    expect(report.findings[0]?.message).toContain('优惠券');
    expect(report.findings[0]?.message).not.toContain('优惠、');
  });

  it('2.1: no duplicate keywords, even with different spacing or width', () => {
    const report = lintTemplateProposal({
      ...good,
      keywords: [...good.keywords, { name: ' 购买地点 ', example: '广州' }],
    });
    expect(rules(report)).toEqual(['2.1:error:keywords[3].name']);
  });

  it('2.2: warns about near-duplicate keywords', () => {
    const report = lintTemplateProposal({
      ...good,
      keywords: [
        { name: '订单号', example: '339208499' },
        { name: '订单编号', example: '339208499' },
        { name: '时间', example: '2016年6月6日' },
        { name: '下单时间', example: '2016年6月6日' },
      ],
    });
    expect(report.ok).toBe(true);
    expect(rules(report)).toEqual(['2.2:warning:keywords[1].name', '2.2:warning:keywords[3].name']);
  });

  it('2.3: no special symbols in keywords', () => {
    const report = lintTemplateProposal({
      ...good,
      keywords: [{ name: '★物品名称★', example: '咖啡' }],
    });
    expect(rules(report)).toEqual(['2.3:error:keywords[0].name']);
  });

  it('2.4: every keyword needs a matching example', () => {
    const report = lintTemplateProposal({
      ...good,
      keywords: [
        { name: '物品名称', example: '' },
        { name: '购买地点', example: '购买地点' },
        { name: '支付金额', example: '很多钱' },
        { name: '购买时间', example: '2016年6月6日' },
      ],
    });
    expect(rules(report)).toEqual([
      '2.4:error:keywords[0].example',
      '2.4:error:keywords[1].example',
      '2.4:warning:keywords[2].example',
    ]);
  });

  it('2.5: refuses overly broad keywords such as 内容', () => {
    const report = lintTemplateProposal({
      ...good,
      keywords: [
        { name: '内容', example: '您的订单已发货' },
        { name: '备注', example: '请尽快取货' },
      ],
    });
    expect(rules(report)).toEqual(['2.5:error:keywords[0].name']);
  });

  it('checks the 1..10 keyword limit', () => {
    expect(rules(lintTemplateProposal({ ...good, keywords: [] }))).toEqual([
      'limit:error:keywords',
    ]);
    const many = Array.from({ length: 11 }, (_, i) => ({
      name: `关键词${'甲乙丙丁戊己庚辛壬癸子'[i]}项`,
      example: '示例',
    }));
    expect(rules(lintTemplateProposal({ ...good, keywords: many }))).toContain(
      'limit:error:keywords',
    );
  });

  it('refuses malformed input with a typed error naming the field', () => {
    expect(() => lintTemplateProposal(null as never)).toThrow(InvalidArgumentError);
    expect(() => lintTemplateProposal({ title: 1 } as never)).toThrow(/title/);
    expect(() => lintTemplateProposal({ title: 'x通知', keywords: {} } as never)).toThrow(
      /keywords/,
    );
    try {
      lintTemplateProposal({ title: 'x通知', keywords: [{ name: '地点' }] } as never);
    } catch (error) {
      expect((error as InvalidArgumentError).path).toBe('keywords[0].example');
    }
  });
});
