import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LIBRARY } from '@wxtpl/emulator';
import { REPO_ROOT } from '@wxtpl/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, useCliSession } from './helpers/run-cli.js';

const typescript = createRequire(join(REPO_ROOT, 'package.json'))(
  'typescript',
) as typeof import('typescript');

const session = useCliSession('cli-check');
let workDir: string;
let bookingId: string;
let shippedId: string;

function wxtpl(...args: string[]): Promise<CliRun> {
  return session.run(args);
}

/** The codegen output as the app's build would compile it. */
function compile(from: string, to: string): void {
  const source = readFileSync(join(workDir, from), 'utf8');
  const { outputText } = typescript.transpileModule(source, {
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
    },
  });
  writeFileSync(join(workDir, to), outputText);
}

beforeAll(async () => {
  workDir = session.workDir;
  const { control, appId } = session.emulator;
  const booking = LIBRARY.find((t) => t.title === '预约成功通知')?.id as string;
  bookingId = await control.addTemplate({ appId, id: booking, keywordIds: [1, 2, 3, 5] });
  shippedId = await control.addSubscribeTemplate({ appId, tid: 1002, kidList: [1, 2, 3, 5] });
  await control.addSubscribeTemplate({ appId, tid: 4002, kidList: [1, 2, 3, 4] });
}, 60_000);

describe('wxtpl codegen and wxtpl check, end to end', { timeout: 60_000 }, () => {
  it('codegen writes both kinds; the compiled output passes check', async () => {
    const run = await wxtpl('codegen', '--out', 'gen/templates.ts');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('wrote 1 template and 2 subscribe templates to gen/templates.ts\n');
    const source = readFileSync(join(workDir, 'gen/templates.ts'), 'utf8');
    expect(source).toContain(
      "import { defineSubscribeTemplate, defineTemplate } from '@wxtpl/server-sdk';",
    );
    expect(source).toContain("预约人: 'keyword4',");
    expect(source).toContain("物流状态: 'enum2',");
    expect(source).toContain("物流状态: ['已发货', '运输中', '派送中', '已签收'],");
    expect(source).toContain('  longTerm: true,');
    const formatted = execFileSync(
      join(REPO_ROOT, 'node_modules/.bin/biome'),
      ['format', '--stdin-file-path=templates.ts'],
      { input: source, encoding: 'utf8', cwd: REPO_ROOT },
    );
    expect(formatted).toBe(source);

    compile('gen/templates.ts', 'gen/templates.mjs');
    const [text, json] = await Promise.all([
      wxtpl('check', 'gen/templates.mjs'),
      wxtpl('check', 'gen/templates.mjs', '--json'),
    ]);
    expect(text.stdout).toBe('gen/templates.mjs: 3 definitions match the account\n');
    expect(text.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, checked: 3, issues: [] });
  });

  it('codegen --kind picks one kind', async () => {
    const [subscribe, bogus] = await Promise.all([
      wxtpl('codegen', '--out', 'gen/subscribe.ts', '--kind', 'subscribe', '--json'),
      wxtpl('codegen', '--out', 'gen/bogus.ts', '--kind', 'formid'),
    ]);
    expect(subscribe.status).toBe(0);
    expect(JSON.parse(subscribe.stdout)).toMatchObject({ subscribeTemplates: 2 });
    expect(JSON.parse(subscribe.stdout).templates).toBeUndefined();
    const source = readFileSync(join(workDir, 'gen/subscribe.ts'), 'utf8');
    expect(source).toContain("import { defineSubscribeTemplate } from '@wxtpl/server-sdk';");
    expect(source).not.toContain('defineTemplate(');
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain('--kind must be template or subscribe, got "formid"');
  });

  it('check prints every difference, names the definitions, and exits 1', async () => {
    writeFileSync(
      join(workDir, 'stale.json'),
      JSON.stringify({
        预约成功通知: {
          id: bookingId,
          title: '预约成功通知',
          keywords: {
            service: 'keyword1',
            time: 'keyword2',
            store: 'keyword3',
            contact: 'keyword9',
          },
        },
        订单发货提醒: {
          id: shippedId,
          title: '订单发货提醒',
          keywords: {
            orderNo: 'character_string1',
            status: 'thing2',
            carrier: 'thing3',
            shippedAt: 'time5',
          },
        },
        已删除通知: { id: 'deleted-template', title: '已删除通知', keywords: { a: 'keyword1' } },
      }),
    );
    const [text, json] = await Promise.all([
      wxtpl('check', 'stale.json'),
      wxtpl('check', 'stale.json', '--json'),
    ]);
    expect(text.status).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DEFINITION\s+KIND\s+SEVERITY\s+CODE\s+MESSAGE$/);
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/).slice(0, 4))).toEqual([
      ['预约成功通知', 'template', 'error', 'unknown-slot'],
      ['预约成功通知', 'template', 'error', 'unfilled-slot'],
      ['订单发货提醒', 'subscribe', 'error', 'kind-mismatch'],
      ['已删除通知', 'template', 'error', 'missing-template'],
      ['3 definitions checked: 4 errors, 0 warnings'],
    ]);
    expect(text.stdout).toContain('keyword4 (预约人) is never filled: no keyword maps to it');
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.issues[2]).toMatchObject({
      name: '订单发货提醒',
      code: 'kind-mismatch',
      keyword: 'status',
      slot: 'thing2',
      expected: 'enum2',
    });
  });

  it('check reads a CommonJS module and a JSON list', async () => {
    const booking = JSON.stringify({
      id: bookingId,
      title: '预约成功通知',
      keywords: {
        预约项目: 'keyword1',
        预约时间: 'keyword2',
        预约门店: 'keyword3',
        预约人: 'keyword4',
      },
    });
    writeFileSync(
      join(workDir, 'defs.cjs'),
      `const { defineTemplate } = require('@wxtpl/server-sdk');\nmodule.exports = { 预约成功通知: defineTemplate(${booking}), version: 2 };\n`,
    );
    writeFileSync(join(workDir, 'list.json'), `[${booking}]`);
    const [cjs, list] = await Promise.all([
      wxtpl('check', 'defs.cjs'),
      wxtpl('check', 'list.json'),
    ]);
    expect(cjs.stdout).toBe('defs.cjs: 1 definition matches the account\n');
    expect(cjs.status).toBe(0);
    expect(list.stdout).toBe('list.json: 1 definition matches the account\n');
  });

  it('refuses what it cannot read with status 2, naming the file or the definition', async () => {
    writeFileSync(
      join(workDir, 'bad.json'),
      JSON.stringify([{ id: 'x', title: 't', keywords: { a: 'keyword1', b: 'keyword1' } }]),
    );
    writeFileSync(join(workDir, 'none.json'), JSON.stringify({ answer: 42 }));
    writeFileSync(join(workDir, 'defs.ts'), 'export const x = 1;\n');
    const [bad, none, ts, missing, noFile, help] = await Promise.all([
      wxtpl('check', 'bad.json'),
      wxtpl('check', 'none.json'),
      wxtpl('check', 'defs.ts'),
      wxtpl('check', 'missing.mjs'),
      wxtpl('check'),
      wxtpl('check', '--help'),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('bad.json: [0].keywords.b: keywords "a" and "b" share keyword1');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('none.json holds no template definitions');
    expect(ts.status).toBe(2);
    expect(ts.stderr).toContain('not TypeScript: check the compiled defs.js');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot load missing.mjs');
    expect(noFile.status).toBe(2);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: wxtpl check FILE [--json]');
    expect(help.stdout).toMatch(/Examples:\n {2}wxtpl check /);
  });
});
