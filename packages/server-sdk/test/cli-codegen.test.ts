import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountTemplate } from '@wxtpl/shared-types';
import { artifactsDir, packageDir, startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTemplateModule, keywordsOf, toIdentifier } from '../src/cli/codegen.js';
import { WeChatClient } from '../src/index.js';

const PACKAGE_DIR = packageDir('server-sdk');
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

  it('is stable: the same templates in any order give the same text', () => {
    expect(generateTemplateModule([...tricky].reverse())).toBe(generateTemplateModule(tricky));
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
    const templates = [];
    for await (const t of client.templates.all()) templates.push(t);
    await client.close();

    writeFileSync(
      join(dir, 'account.ts'),
      generateTemplateModule(templates, { appId: emulator.appId }),
    );
    writeFileSync(join(dir, 'tricky.ts'), generateTemplateModule(tricky));
    writeFileSync(
      join(dir, 'usage.ts'),
      [
        "import { buildSendRequest } from '@wxtpl/shared-types';",
        "import { 购买成功通知 } from './account.js';",
        "import { 购买成功通知2 as other } from './tricky.js';",
        "buildSendRequest(购买成功通知, { touser: 'o', formId: 'f', data: { 购买地点: 'x', 购买时间: 'y', 物品名称: 'z' }, emphasis: '购买地点' });",
        '// @ts-expect-error a misspelled keyword does not compile',
        "buildSendRequest(购买成功通知, { touser: 'o', formId: 'f', data: { 购买地址: 'x', 购买时间: 'y', 物品名称: 'z' } });",
        "buildSendRequest(other, { touser: 'o', formId: 'f', data: { 购买地点: 'a', 购买时间: 'b', 物品名称: 'c' } });",
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
