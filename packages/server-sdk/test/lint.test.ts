import type { LibraryTitle } from '@wxtpl/shared-types';
import { startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  type LintReport,
  lintTemplateProposal,
  WeChatClient,
} from '../src/index.js';
import { TITLE_SIMILARITY_THRESHOLD, titleSimilarity } from '../src/lint/index.js';

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

describe('rule 1.5 (a warning heuristic): the title names a service', () => {
  it.each([
    '系统通知',
    '消息提醒',
    '重要通知',
    '服务状态通知',
    '新消息提醒',
    '小程序消息通知',
    '通知',
  ])('warns about %s', (title) => {
    const report = lintTemplateProposal({ ...good, title });
    expect(rules(report)).toContain('1.5:warning:title');
    expect(report.findings.find((f) => f.rule === '1.5')?.message).toContain('heuristic');
  });

  it('stays silent on titles that name their service', () => {
    for (const title of [
      '服务完成通知',
      '系统维护通知',
      '审核结果通知',
      '航班动态提醒',
      '待办事项提醒',
    ]) {
      expect(rules(lintTemplateProposal({ ...good, title }))).toEqual([]);
    }
  });
});

describe('rules 1.1 and 1.2 against the public library, fetched through the API', () => {
  let emulator: TestEmulator;
  let library: LibraryTitle[];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const client = new WeChatClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
    });
    library = [];
    for await (const title of client.templates.library.all()) library.push(title);
    await client.close();
  });

  afterAll(async () => {
    await emulator.close();
  });

  const ruleOf = (title: string, titles: readonly LibraryTitle[] = library) =>
    lintTemplateProposal({ ...good, title }, { library: titles }).findings.filter((f) =>
      ['1.1', '1.2'].includes(f.rule),
    );

  it('1.1: a title the library holds is an error naming it, even with other spacing or width', () => {
    expect(library.length).toBeGreaterThan(50);
    for (const entry of library) {
      const [finding] = ruleOf(` ${entry.title.normalize('NFKC')} `);
      expect(finding).toMatchObject({ rule: '1.1', severity: 'error', path: 'title' });
      expect(finding?.message).toContain(`${entry.title} (${entry.id})`);
    }
  });

  it(`1.2: the threshold (${TITLE_SIMILARITY_THRESHOLD}) flags no two titles the library approved side by side`, () => {
    let closest = { score: 0, pair: '' };
    for (const [i, a] of library.entries()) {
      expect(
        ruleOf(
          a.title,
          library.filter((_, j) => j !== i),
        ),
        a.title,
      ).toEqual([]);
      for (const b of library.slice(i + 1)) {
        const score = titleSimilarity(a.title, b.title);
        if (score > closest.score) closest = { score, pair: `${a.title} / ${b.title}` };
      }
    }
    expect(closest.score).toBeLessThan(TITLE_SIMILARITY_THRESHOLD);
    expect(closest.score).toBeGreaterThanOrEqual(0.7);
  });

  it('1.2: warns about a library title with the other ending or one character changed or added', () => {
    const variants: [string, string][] = [
      ['预约成功提醒', '预约成功通知'],
      ['订单发货通知', '订单发货提醒'],
      ['酒店预定成功通知', '酒店预订成功通知'],
      ['订单已支付成功通知', '订单支付成功通知'],
      ['购买成功的通知', '购买成功通知'],
    ];
    for (const [title, original] of variants) {
      const findings = ruleOf(title);
      expect(findings, title).toHaveLength(1);
      expect(findings[0]).toMatchObject({ rule: '1.2', severity: 'warning' });
      expect(findings[0]?.message).toContain(original);
    }
    expect(lintTemplateProposal({ ...good, title: '预约成功提醒' }, { library }).ok).toBe(true);
  });

  it('1.2: stays silent on new services and more specific titles', () => {
    for (const title of ['体检预约成功通知', '会议开始提醒', '课程报名成功通知', '洗衣完成通知']) {
      expect(ruleOf(title), title).toEqual([]);
    }
  });
});
