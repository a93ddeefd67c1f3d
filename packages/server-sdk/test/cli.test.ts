import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY } from '@wxtpl/emulator';
import {
  artifactsDir,
  type BuiltPackage,
  builtPackage,
  startTestEmulator,
  type TestEmulator,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliProcess } from './helpers/run-cli.js';

let emulator: TestEmulator;
let built: BuiltPackage;
let env: Record<string, string>;
const workDir = join(artifactsDir('server-sdk'), `cli-${process.pid}-${randomUUID()}`);
const outputs: CliRun[] = [];

async function wxtpl(...args: string[]): Promise<CliRun> {
  const run = await runCliProcess(built.cliPath, args, env, workDir);
  outputs.push(run);
  return run;
}

beforeAll(async () => {
  built = builtPackage('server-sdk');
  emulator = await startTestEmulator();
  env = {
    WXTPL_APPID: emulator.appId,
    WXTPL_SECRET: emulator.appSecret,
    WXTPL_BASE_URL: emulator.url,
  };
  mkdirSync(workDir, { recursive: true });
}, 60_000);

afterAll(async () => {
  // No run, failed or not, ever printed the secret.
  for (const run of outputs) expect(run.stdout + run.stderr).not.toContain(emulator.appSecret);
  await emulator.close();
  rmSync(workDir, { recursive: true, force: true });
});

// Each test spawns several Node processes: allow for a loaded machine.
describe('wxtpl CLI, end to end against the emulator', { timeout: 60_000 }, () => {
  it('prints usage with --help and fails with status 2 on bad usage', async () => {
    const [help, bare, unknownFlag, unknownCommand] = await Promise.all([
      wxtpl('--help'),
      wxtpl(),
      wxtpl('token', '--bogus'),
      wxtpl('frobnicate'),
    ]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('wxtpl templates add ID KEYWORD_IDS');
    expect(bare.status).toBe(2);
    expect(unknownFlag.status).toBe(2);
    expect(unknownFlag.stderr).toContain('--bogus');
    expect(unknownCommand.stderr).toContain('unknown command');
  });

  it('refuses to run without credentials', async () => {
    const run = await runCliProcess(built.cliPath, ['token'], {}, workDir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('WXTPL_APPID');
  });

  it('token prints a working access_token, as text or JSON', async () => {
    const text = await wxtpl('token');
    expect(text.status).toBe(0);
    const json = await wxtpl('token', '--json');
    expect(JSON.parse(json.stdout).access_token).toMatch(/\S+/);
  });

  it('library list prints a table; --all --json walks every page', async () => {
    const table = await wxtpl('library', 'list', '--count', '5');
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+TITLE$/);
    expect(table.stdout).toContain(`${LIBRARY[0]?.id}  ${LIBRARY[0]?.title}`);
    expect(table.stdout).toContain(`5 of ${LIBRARY.length} titles`);
    const all = await wxtpl('library', 'list', '--all', '--json');
    expect(JSON.parse(all.stdout)).toHaveLength(LIBRARY.length);
    expect(all.stderr).toBe('');
  });

  it('library get prints the keywords of a title', async () => {
    const run = await wxtpl('library', 'get', 'AT0002');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/3\s+购买地点\s+TIT造舰厂/);
    const missing = await wxtpl('library', 'get', 'AT9999');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('errcode 40097');
  });

  it('templates add, list, send and delete', async () => {
    const added = await wxtpl('templates', 'add', 'AT0002', '3,4,5');
    expect(added.status).toBe(0);
    const templateId = added.stdout.trim();
    const list = await wxtpl('templates', 'list');
    expect(list.stdout).toContain(templateId);
    expect(list.stdout).toContain('购买地点=keyword1');
    const all = await wxtpl('templates', 'list', '--all', '--json');
    expect(JSON.parse(all.stdout).map((t: { template_id: string }) => t.template_id)).toContain(
      templateId,
    );

    const openid = `o-${randomUUID()}`;
    const [formId] = await emulator.formIds(openid, 1);
    const data = JSON.stringify({
      keyword1: 'TIT造舰厂',
      keyword2: { value: '2016年6月6日', color: '#173177' },
      keyword3: '咖啡',
    });
    const sendArgs = [
      'send',
      '--to',
      openid,
      '--template',
      templateId,
      '--form-id',
      formId as string,
      '--data',
      data,
      '--page',
      'pages/index/index',
      '--emphasis',
      'keyword1',
    ];
    const sent = await wxtpl(...sendArgs);
    expect(sent.status).toBe(0);
    expect(sent.stdout).toContain(`sent to ${openid}`);
    const messages = await emulator.inbox(openid);
    expect(messages[0]).toMatchObject({
      emphasis_keyword: 'keyword1.DATA',
      page: 'pages/index/index',
    });

    const again = await wxtpl(...sendArgs);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('errcode 41029');
    expect(again.stderr).toContain('form_id has already been used');
    expect(again.stderr).toContain('form_id 已被使用');
    const againJson = await wxtpl(...sendArgs, '--json');
    expect(JSON.parse(againJson.stdout)).toMatchObject({ errcode: 41029 });

    const deleted = await wxtpl('templates', 'delete', templateId);
    expect(deleted.status).toBe(0);
    expect((await wxtpl('templates', 'list', '--json')).stdout).not.toContain(templateId);
  });

  it('checks arguments before calling WeChat', async () => {
    const before = (await emulator.stats()).requests;
    const [dup, notNumber, tooMany, noTemplate, badJson] = await Promise.all([
      wxtpl('templates', 'add', 'AT0002', '3,3'),
      wxtpl('templates', 'add', 'AT0002', '3,x'),
      wxtpl('library', 'list', '--count', '50'),
      wxtpl('send', '--to', 'o'),
      wxtpl('send', '--to', 'o', '--template', 't', '--form-id', 'f', '--data', '{bad'),
    ]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain('appears twice');
    expect(notNumber.status).toBe(2);
    expect(tooMany.status).toBe(2);
    expect(noTemplate.stderr).toContain('--template');
    expect(badJson.status).toBe(2);
    expect((await emulator.stats()).requests[`/cgi-bin/wxopen/template/add`]).toBe(
      before['/cgi-bin/wxopen/template/add'],
    );
  });

  it('lint reports findings with their rule numbers and exits 1 on errors', async () => {
    writeFileSync(
      join(workDir, 'good.json'),
      JSON.stringify({
        title: '购买成功通知',
        keywords: [{ name: '购买地点', example: 'TIT造舰厂' }],
      }),
    );
    writeFileSync(
      join(workDir, 'bad.json'),
      JSON.stringify({ title: '红包活动', keywords: [{ name: '内容', example: '' }] }),
    );
    const [good, bad, badJson, missing] = await Promise.all([
      wxtpl('lint', 'good.json'),
      wxtpl('lint', 'bad.json'),
      wxtpl('lint', 'bad.json', '--json'),
      wxtpl('lint', 'missing.json'),
    ]);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('no findings');
    expect(bad.status).toBe(1);
    for (const rule of ['1.3', '1.6', '2.4', '2.5']) expect(bad.stdout).toContain(rule);
    expect(JSON.parse(badJson.stdout).ok).toBe(false);
    expect(missing.status).toBe(2);
  });

  it('codegen writes defineTemplate definitions of the account templates', async () => {
    const added = (await wxtpl('templates', 'add', 'AT0002', '3,4,5')).stdout.trim();
    const run = await wxtpl('codegen', '--out', 'generated/templates.ts');
    expect(run.status).toBe(0);
    const source = readFileSync(join(workDir, 'generated/templates.ts'), 'utf8');
    expect(source).toContain(`id: "${added}"`);
    expect(source).toContain("购买地点: 'keyword1'");
    expect(source).toContain('import { defineTemplate } from "@wxtpl/server-sdk"');
    expect((await wxtpl('codegen')).status).toBe(2);
    await wxtpl('templates', 'delete', added);
  });

  it('exits 1 with a clear message when WeChat cannot be reached', async () => {
    const run = await runCliProcess(
      built.cliPath,
      ['templates', 'list', '--timeout', '2000'],
      { ...env, WXTPL_BASE_URL: 'http://127.0.0.1:9' },
      workDir,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/connection/);
  });
});
