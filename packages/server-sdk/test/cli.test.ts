import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIBRARY, startEmulator } from '@wxtpl/emulator';
import { WeChatPath } from '@wxtpl/shared-types';
import {
  type BuiltPackage,
  clientFor,
  deleteKeys,
  type TestEmulator,
  testRedis,
  testRedisUrl,
  uniquePrefix,
} from '@wxtpl/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import {
  type CliRun,
  runCliProcess,
  startEmulatorWithDashedIds,
  useCliSession,
} from './helpers/run-cli.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const session = useCliSession('cli');
let emulator: TestEmulator;
let built: BuiltPackage;
let env: Record<string, string>;
let workDir: string;

async function wxtpl(...args: string[]): Promise<CliRun> {
  return session.run(args);
}

async function wxtplWith(extraEnv: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return session.run(args, extraEnv);
}

beforeAll(() => {
  ({ emulator, built, env, workDir } = session);
});

/** Writes a template proposal for `wxtpl lint` to the work dir: its title, [name, example] pairs. */
function writeProposal(file: string, title: string, ...keywords: [string, string][]): void {
  const proposal = { title, keywords: keywords.map(([name, example]) => ({ name, example })) };
  writeFileSync(join(workDir, file), JSON.stringify(proposal));
}

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

  it('prints the usage of each command, with examples, for COMMAND --help and help COMMAND', async () => {
    const names = ['token', 'library', 'templates', 'send', 'lint', 'codegen'];
    const runs = await Promise.all(names.map((name) => wxtpl(name, '--help')));
    runs.forEach((run, i) => {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`wxtpl ${names[i]}`);
      expect(run.stdout).toMatch(/Examples?:\n {2}wxtpl /);
      for (const other of names.filter((_, j) => j !== i)) {
        expect(run.stdout).not.toContain(`Usage: wxtpl ${other}`);
        expect(run.stdout).not.toContain(`  wxtpl ${other} `);
      }
    });
    const templates = runs[2] as CliRun;
    expect(templates.stdout).toContain('wxtpl templates delete TEMPLATE_ID');
    expect((await wxtpl('help', 'templates')).stdout).toBe(templates.stdout);
    expect((await wxtpl('templates', 'delete', '-h')).stdout).toBe(templates.stdout);
  });

  it('names the flag or variable the user typed when a value is refused', async () => {
    const [flag, variable, foreign] = await Promise.all([
      wxtpl('token', '--base-url', 'notaurl'),
      runCliProcess(built.cliPath, ['token'], { ...env, WXTPL_BASE_URL: 'notaurl' }, workDir),
      wxtpl('token', '--to', 'oUser'),
    ]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('--base-url must be an absolute http(s) URL');
    expect(flag.stderr).not.toContain('baseUrl');
    expect(variable.stderr).toContain('WXTPL_BASE_URL must be an absolute http(s) URL');
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toContain('wxtpl token does not take --to');
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
    expect(tooMany.stderr).toContain('--count must be an integer from 1 to 20, got 50');
    expect(tooMany.stderr).toContain('wxtpl library --help');
    expect((await emulator.stats()).requests[`/cgi-bin/wxopen/template/add`]).toBe(
      before['/cgi-bin/wxopen/template/add'],
    );
  });

  it('lint reports findings with their rule numbers and exits 1 on errors', async () => {
    writeProposal('good.json', '购买成功通知', ['购买地点', 'TIT造舰厂']);
    writeProposal('bad.json', '红包活动', ['内容', '']);
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
    const run = await wxtpl('codegen', '--out', 'generated/templates.ts', '--kind', 'template');
    expect(run.status).toBe(0);
    const source = readFileSync(join(workDir, 'generated/templates.ts'), 'utf8');
    expect(source).toContain(`id: '${added}'`);
    expect(source).toContain("title: '购买成功通知'");
    expect(source).toContain("购买地点: 'keyword1'");
    expect(source).toContain("import { defineTemplate } from '@wxtpl/server-sdk';");
    expect(source).toContain(', 1 template.');
    expect(run.stdout).toContain('wrote 1 template to generated/templates.ts');
    // The repository's style is whatever Biome writes: formatting the output changes nothing.
    const formatted = execFileSync(
      join(REPO_ROOT, 'node_modules/.bin/biome'),
      ['format', '--stdin-file-path=templates.ts'],
      { input: source, encoding: 'utf8', cwd: REPO_ROOT },
    );
    expect(formatted).toBe(source);
    expect((await wxtpl('codegen')).status).toBe(2);
    await wxtpl('templates', 'delete', added);
  });

  it('takes template ids starting with - and -- as arguments and as option values', async () => {
    const withIds = await startEmulatorWithDashedIds(
      'wxdashedids00001',
      workDir,
      (control, appId) => control.addTemplate({ appId, id: 'AT0002', keywordIds: [3, 4, 5] }),
    );
    const { app, dashed, doubleDashed } = withIds;
    const cli = (...args: string[]) => runCliProcess(built.cliPath, args, withIds.env, workDir);
    try {
      const listed = await cli('templates', 'list', '--json');
      expect(JSON.parse(listed.stdout).map((t: { template_id: string }) => t.template_id)).toEqual([
        dashed,
        doubleDashed,
      ]);
      const openid = `o-${randomUUID()}`;
      const formIds = await withIds.emulator.control.formIds({
        appId: app.appId,
        openid,
        count: 2,
      });
      const data = JSON.stringify({ keyword1: 'TIT造舰厂' });
      const spaced = await cli(
        'send',
        '--to',
        openid,
        '--template',
        dashed,
        '--form-id',
        formIds[0] as string,
        '--data',
        data,
      );
      expect(spaced.stderr).toBe('');
      expect(spaced.status).toBe(0);
      const joined = await cli(
        'send',
        '--to',
        openid,
        `--template=${doubleDashed}`,
        `--form-id=${formIds[1]}`,
        `--data=${data}`,
      );
      expect(joined.status).toBe(0);
      const inbox = await withIds.emulator.control.inbox({ appId: app.appId, openid });
      expect(inbox.map((m) => m.template_id)).toEqual([dashed, doubleDashed]);

      const deleted = await cli('templates', 'delete', dashed);
      expect(deleted.stderr).toBe('');
      expect(deleted.stdout).toBe(`deleted ${dashed}\n`);
      const one = await cli('templates', 'list');
      expect(one.stdout).toContain(doubleDashed);
      expect(one.stdout.trimEnd().split('\n').at(-1)).toBe(
        '1 template of template messages (subscribe templates: wxtpl subscribe list)',
      );
      const deletedToo = await cli('templates', 'delete', doubleDashed);
      expect(deletedToo.status).toBe(0);
      expect((await cli('templates', 'list')).stdout.trimEnd().split('\n').at(-1)).toBe(
        '0 templates of template messages (subscribe templates: wxtpl subscribe list)',
      );
      // "--" ends the options: what follows is positional, even a known flag's name.
      const afterTerminator = await cli('templates', 'delete', '--', '--json');
      expect(afterTerminator.status).toBe(1);
      expect(afterTerminator.stderr).toContain('errcode 40037');
    } finally {
      await withIds.emulator.close();
    }
  });

  it('uses the demo app of a local emulator when only WXTPL_BASE_URL is set', async () => {
    const demo = await startEmulator({ port: 0 });
    try {
      const run = await runCliProcess(
        built.cliPath,
        ['templates', 'add', 'AT0002', '3,4,5'],
        { WXTPL_BASE_URL: demo.url },
        workDir,
      );
      expect(run.status).toBe(0);
      expect(run.stderr).toContain("using the emulator's demo app wx0000000000demo");
      const flagOnly = await runCliProcess(
        built.cliPath,
        ['templates', 'list', '--json', '--base-url', demo.url],
        {},
        workDir,
      );
      expect(
        JSON.parse(flagOnly.stdout).map((t: { template_id: string }) => t.template_id),
      ).toEqual([run.stdout.trim()]);
    } finally {
      await demo.close();
    }
    // An emulator serving another app, or something that is no emulator: no guessing.
    const [other, nothing] = await Promise.all([
      runCliProcess(built.cliPath, ['token'], { WXTPL_BASE_URL: emulator.url }, workDir),
      runCliProcess(built.cliPath, ['token'], { WXTPL_BASE_URL: 'http://127.0.0.1:9' }, workDir),
    ]);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(
      `does not serve the demo app wx0000000000demo (it serves ${emulator.appId})`,
    );
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('no wxtpl-emulator answered at http://127.0.0.1:9');
  });

  it('lint --against-library checks rules 1.1 and 1.2 against the library fetched through the API', async () => {
    writeProposal('existing.json', '酒店预订成功通知', ['酒店名称', '粤海喜来登酒店']);
    writeProposal('similar.json', '酒店预定成功通知', ['酒店名称', '粤海喜来登酒店']);
    const before = (await emulator.stats()).requests['/cgi-bin/wxopen/template/library/list'] ?? 0;
    const [existing, similar, offline] = await Promise.all([
      wxtpl('lint', 'existing.json', '--against-library'),
      wxtpl('lint', 'similar.json', '--against-library', '--json'),
      wxtpl('lint', 'similar.json'),
    ]);
    expect(existing.status).toBe(1);
    expect(existing.stdout).toMatch(
      /1\.1\s+error\s+title\s+the library already has this title: 酒店预订成功通知 \(AT\d{4}\)/,
    );
    expect(existing.stdout).toContain(`against ${LIBRARY.length} library titles`);
    expect(similar.status).toBe(0);
    const report = JSON.parse(similar.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: '1.2', severity: 'warning', path: 'title' }),
    ]);
    expect(report.findings[0].message).toContain('酒店预订成功通知');
    expect(offline.stdout).toContain('no findings');
    const after = (await emulator.stats()).requests['/cgi-bin/wxopen/template/library/list'] ?? 0;
    expect(after - before).toBe(2 * Math.ceil(LIBRARY.length / 20));
  });

  it("shares the servers' token: through their Redis store, as a given token, or from stable_token", async () => {
    const prefix = uniquePrefix('cli-token');
    const store = createRedisStore(testRedisUrl(), { prefix });
    const server = clientFor(emulator, { store });
    try {
      const serverToken = await server.getAccessToken();
      const tokenRequests = async () =>
        (await emulator.stats()).requests[WeChatPath.stableToken] ?? 0;
      const before = await tokenRequests();

      // The servers' store: their token, no request to WeChat.
      const shared = await wxtplWith(
        { WXTPL_REDIS_URL: testRedisUrl(), WXTPL_REDIS_PREFIX: prefix },
        'token',
      );
      expect(shared.stdout.trim()).toBe(serverToken);
      const flagged = await wxtpl('token', '--redis', testRedisUrl(), '--redis-prefix', prefix);
      expect(flagged.stdout.trim()).toBe(serverToken);
      expect(await tokenRequests()).toBe(before);

      // A token given outright: no secret needed, no token request.
      const given = await runCliProcess(
        built.cliPath,
        ['templates', 'list', '--json'],
        {
          WXTPL_APPID: emulator.appId,
          WXTPL_BASE_URL: emulator.url,
          WXTPL_ACCESS_TOKEN: serverToken,
        },
        workDir,
      );
      session.keep(given);
      expect(given.status, given.stderr).toBe(0);
      expect(await tokenRequests()).toBe(before);

      // Neither: stable_token answers the CLI the servers' token, so nothing is invalidated.
      const fetched = await wxtpl('token');
      expect(fetched.stdout.trim()).toBe(serverToken);
      expect(await tokenRequests()).toBe(before + 1);

      const both = await wxtplWith(
        { WXTPL_REDIS_URL: testRedisUrl(), WXTPL_ACCESS_TOKEN: serverToken },
        'token',
      );
      expect(both.status).toBe(2);
      expect(both.stderr).toContain('not both');
    } finally {
      await server.close();
      await store.close();
      const redis = testRedis();
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
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
