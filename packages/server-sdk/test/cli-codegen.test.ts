import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountTemplate, SubscribeAccountTemplate } from '@wxtpl/shared-types';
import { artifactsDir, packageDir, startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDefinitionsModule,
  keywordsOf,
  subscribeKeywordsOf,
  toIdentifier,
} from '../src/cli/codegen.js';
import { WeChatClient } from '../src/index.js';

const PACKAGE_DIR = packageDir('server-sdk');
const REPO_ROOT = join(PACKAGE_DIR, '../..');
const dir = join(artifactsDir('server-sdk'), `codegen-${process.pid}-${randomUUID()}`);
const SHARED_TYPES = join(PACKAGE_DIR, '../shared-types/src/index.ts');

const tricky: AccountTemplate[] = [
  {
    template_id: 'tpl-b',
    title: '购买成功通知',
    content: '购买地点{{keyword1.DATA}}\n购买时间：{{keyword2.DATA}}\n物品名称{{keyword3.DATA}}\n',
    example: '',
  },
  {
    template_id: 'tpl-a',
    title: '购买成功通知',
    content:
      '下单时间(北京){{keyword2.DATA}}\n{{keyword1.DATA}}\n1号位{{keyword3.DATA}}\nclass{{keyword4.DATA}}\n金额 ¥{{keyword5.DATA}}\n金额 $ {{keyword6.DATA}}\n',
    example: '',
  },
  { template_id: 'tpl-*/', title: 'delete */ 通知', content: 'name{{keyword1.DATA}}', example: '' },
  { template_id: 'tpl-empty', title: '空的通知', content: '没有关键词', example: '' },
];

const trickySubscribe: SubscribeAccountTemplate[] = [
  {
    priTmplId: 'sub-flight',
    title: '航班动态提醒',
    content:
      '航班号:{{character_string1.DATA}}\n航班状态:{{enum2.DATA}}\n计划起飞：{{time3.DATA}}\n{{thing9.DATA}}\n',
    example: '',
    type: 3,
    keywordEnumValueList: [{ keywordCode: 'enum2.DATA', enumValueList: ['计划', '延误', "it's"] }],
  },
  {
    // The same title as a template message: the export names stay distinct.
    priTmplId: 'sub-paid',
    title: '购买成功通知',
    content:
      '金额:{{amount2.DATA}}\n金额:{{amount02.DATA}}\n数量:{{number3.DATA}}\n日期:{{date4.DATA}}\n',
    example: '',
    type: 2,
  },
  {
    priTmplId: 'sub-long-enum',
    title: '办理进度通知',
    content: '办理进度:{{enum1.DATA}}\n业务名称:{{thing2.DATA}}\n',
    example: '',
    type: 2,
    keywordEnumValueList: [
      {
        keywordCode: 'enum1.DATA',
        enumValueList: Array.from({ length: 14 }, (_, i) => `状态${i + 1}号`),
      },
    ],
  },
  {
    priTmplId: 'sub-unknown',
    title: '未知类型提醒',
    content: '颜色:{{colour1.DATA}}\n名称:{{thing2.DATA}}\n',
    example: '',
    type: 2,
  },
];

function biomeFormat(source: string): string {
  return execFileSync(
    join(REPO_ROOT, 'node_modules/.bin/biome'),
    ['format', '--stdin-file-path=templates.ts'],
    { input: source, encoding: 'utf8', cwd: REPO_ROOT },
  );
}

function tsc(project: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PACKAGE_DIR, '../../node_modules/typescript/bin/tsc'), '-p', project],
      { timeout: 120_000 },
      (error, stdout, stderr) => resolve({ status: error ? 1 : 0, output: stdout + stderr }),
    );
  });
}

let emulator: TestEmulator;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('codegen identifiers', () => {
  it('keeps readable names and makes every one a valid, unique identifier', () => {
    expect(toIdentifier('购买地点', 'keyword1')).toBe('购买地点');
    expect(toIdentifier('下单时间(北京)', 'keyword1')).toBe('下单时间_北京');
    expect(toIdentifier('1号位', 'keyword3')).toBe('_1号位');
    expect(toIdentifier('class', 'keyword4')).toBe('class_');
    expect(toIdentifier('¥', 'keyword5')).toBe('keyword5');
    const names = keywordsOf(tricky[1] as AccountTemplate).map((k) => [k.slot, k.identifier]);
    expect(names).toEqual([
      ['keyword1', 'keyword1'],
      ['keyword2', '下单时间_北京'],
      ['keyword3', '_1号位'],
      ['keyword4', 'class_'],
      ['keyword5', '金额'],
      ['keyword6', '金额2'],
    ]);
  });

  it('names subscribe keywords from their labels, in content order', () => {
    const names = subscribeKeywordsOf(trickySubscribe[1] as SubscribeAccountTemplate).map((k) => [
      k.slot,
      k.identifier,
    ]);
    expect(names).toEqual([
      ['amount2', '金额'],
      ['amount02', '金额2'],
      ['number3', '数量'],
      ['date4', '日期'],
    ]);
    expect(
      subscribeKeywordsOf(trickySubscribe[0] as SubscribeAccountTemplate).map((k) => k.identifier),
    ).toEqual(['航班号', '航班状态', '计划起飞', 'thing9']);
  });

  it('is stable: the same templates in any order give the same text', () => {
    expect(
      generateDefinitionsModule({
        templates: [...tricky].reverse(),
        subscribeTemplates: [...trickySubscribe].reverse(),
      }),
    ).toBe(generateDefinitionsModule({ templates: tricky, subscribeTemplates: trickySubscribe }));
  });
});

describe('codegen of subscribe templates', () => {
  const source = generateDefinitionsModule(
    { templates: tricky, subscribeTemplates: trickySubscribe },
    { appId: 'wx0000000000demo' },
  );

  it('types slots by kind, lists enum values, marks long-term templates', () => {
    expect(source).toContain(
      "// Account: wx0000000000demo, 4 templates, 4 subscribe templates.\nimport { defineSubscribeTemplate, defineTemplate } from '@wxtpl/server-sdk';",
    );
    expect(source).toContain(
      [
        '/** 航班动态提醒 (sub-flight), long-term (长期订阅) */',
        'export const 航班动态提醒 = defineSubscribeTemplate({',
        "  id: 'sub-flight',",
        "  title: '航班动态提醒',",
        '  keywords: {',
        "    航班号: 'character_string1',",
        "    航班状态: 'enum2',",
        "    计划起飞: 'time3',",
        "    thing9: 'thing9',",
        '  },',
        '  enumValues: {',
        `    航班状态: ['计划', '延误', "it's"],`,
        '  },',
        '  longTerm: true,',
        '});',
      ].join('\n'),
    );
    expect(source).toContain('/** 购买成功通知 (sub-paid), one-time (一次性订阅) */');
    expect(source).toContain('export const 购买成功通知3 = defineSubscribeTemplate({');
    expect(source).toContain(
      '// Skipped 未知类型提醒 (sub-unknown), one-time (一次性订阅): wxtpl does not know the kind of colour1.',
    );
    expect(source).not.toMatch(/sub-paid[\s\S]*longTerm[\s\S]*sub-unknown/);
  });

  it('writes what Biome writes (long enum lists one value a line)', () => {
    expect(source).toContain("  enumValues: {\n    办理进度: [\n      '状态1号',\n");
    expect(biomeFormat(source)).toBe(source);
  });

  it('writes only the kinds given', () => {
    const only = generateDefinitionsModule({ subscribeTemplates: trickySubscribe });
    expect(only).toContain("import { defineSubscribeTemplate } from '@wxtpl/server-sdk';");
    expect(only).toContain(', 4 subscribe templates.');
    expect(only).not.toContain('defineTemplate');
    const long = generateDefinitionsModule(
      { templates: tricky, subscribeTemplates: trickySubscribe },
      { importFrom: `@wxtpl/${'x'.repeat(50)}` },
    );
    expect(long).toContain('import {\n  defineSubscribeTemplate,\n  defineTemplate,\n} from');
    expect(biomeFormat(long)).toBe(long);
  });

  it('imports only the definers it calls', () => {
    const templatesOnly = generateDefinitionsModule({ templates: tricky, subscribeTemplates: [] });
    expect(templatesOnly).toContain(', 4 templates, 0 subscribe templates.');
    expect(templatesOnly).toContain("import { defineTemplate } from '@wxtpl/server-sdk';");
    const skippedOnly = generateDefinitionsModule({
      templates: [tricky[3] as AccountTemplate],
      subscribeTemplates: [trickySubscribe[3] as SubscribeAccountTemplate],
    });
    expect(skippedOnly).not.toContain('import');
    expect(skippedOnly).toContain('export {};');
    expect(biomeFormat(skippedOnly)).toBe(skippedOnly);
  });
});

describe('codegen output compiles with tsc and types the data', () => {
  it('compiles the account templates of the emulator and tricky synthetic ones', async () => {
    const client = new WeChatClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
    });
    await client.templates.add('AT0002', [3, 4, 5]);
    await client.templates.add('AT0001', [1, 2, 3, 4, 5, 6]);
    await client.subscribe.templates.add(1002, [1, 2, 3, 5]); // 订单发货提醒, with an enum
    await client.subscribe.templates.add(99, [1, 2, 3, 5]); // 订单支付成功通知
    await client.subscribe.templates.add(4002, [1, 2, 3, 4]); // 预约办事提醒, long-term
    const templates = [];
    for await (const t of client.templates.all()) templates.push(t);
    const subscribeTemplates = (await client.subscribe.templates.list()).data;
    await client.close();

    const account = generateDefinitionsModule(
      { templates, subscribeTemplates },
      { appId: emulator.appId },
    );
    expect(account).toContain("物流状态: ['已发货', '运输中', '派送中', '已签收'],");
    writeFileSync(join(dir, 'account.ts'), account);
    writeFileSync(
      join(dir, 'tricky.ts'),
      generateDefinitionsModule({ templates: tricky, subscribeTemplates: trickySubscribe }),
    );
    writeFileSync(
      join(dir, 'usage.ts'),
      [
        "import { buildSendRequest, validateSubscribeData } from '@wxtpl/shared-types';",
        '// 订单支付成功通知 is a template message too: the subscribe one is 订单支付成功通知2.',
        "import { 购买成功通知, 订单发货提醒, 订单支付成功通知2, 预约办事提醒 } from './account.js';",
        "import { 购买成功通知2 as other, 航班动态提醒 } from './tricky.js';",
        "buildSendRequest(购买成功通知, { touser: 'o', formId: 'f', data: { 购买地点: 'x', 购买时间: 'y', 物品名称: 'z' }, emphasis: '购买地点' });",
        '// @ts-expect-error a misspelled keyword does not compile',
        "buildSendRequest(购买成功通知, { touser: 'o', formId: 'f', data: { 购买地址: 'x', 购买时间: 'y', 物品名称: 'z' } });",
        "buildSendRequest(other, { touser: 'o', formId: 'f', data: { 购买地点: 'a', 购买时间: 'b', 物品名称: 'c' } });",
        "validateSubscribeData(订单发货提醒, { 订单编号: 'SO1', 物流状态: '运输中', 快递公司: '顺丰速运', 发货时间: new Date() });",
        '// @ts-expect-error an enum keyword takes only the values the account lists',
        "validateSubscribeData(订单发货提醒, { 订单编号: 'SO1', 物流状态: '已退货', 快递公司: '顺丰速运', 发货时间: new Date() });",
        "validateSubscribeData(订单支付成功通知2, { 商品名称: '咖啡', 支付金额: '¥3', 支付时间: '15:01', 商品数量: 2 });",
        '// @ts-expect-error a thing takes no number',
        "validateSubscribeData(订单支付成功通知2, { 商品名称: 5, 支付金额: '¥3', 支付时间: '15:01', 商品数量: 2 });",
        "validateSubscribeData(预约办事提醒, { 办事事项: '换证', 预约时间: new Date(), 办事地点: '大厅', 预约人: '韩梅梅' });",
        "validateSubscribeData(航班动态提醒, { 航班号: 'CZ3101', 航班状态: \"it's\", 计划起飞: '08:00', thing9: 'x' });",
        'const longTerm: boolean = 预约办事提醒.longTerm && 航班动态提醒.longTerm;',
        'export { longTerm };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          paths: {
            '@wxtpl/server-sdk': [join(PACKAGE_DIR, 'src/index.ts')],
            '@wxtpl/shared-types': [SHARED_TYPES],
          },
        },
        files: ['account.ts', 'tricky.ts', 'usage.ts'],
      }),
    );
    const result = await tsc(join(dir, 'tsconfig.json'));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
