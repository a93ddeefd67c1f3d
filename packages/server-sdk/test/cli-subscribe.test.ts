import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBSCRIBE_CATEGORIES, SUBSCRIBE_LIBRARY, startEmulator } from '@wxtpl/emulator';
import { WeChatPath } from '@wxtpl/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliRun,
  runCliProcess,
  startEmulatorWithDashedIds,
  useCliSession,
} from './helpers/run-cli.js';

const session = useCliSession('cli-subscribe');

function wxtpl(...args: string[]): Promise<CliRun> {
  return session.run(args);
}

/** The CLI with only `env`: no credentials unless given. */
function bare(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return runCliProcess(session.built.cliPath, args, env, session.workDir).then(session.keep);
}

async function requests(path: string): Promise<number> {
  return (await session.emulator.stats()).requests[path] ?? 0;
}

// Each test spawns several Node processes: allow for a loaded machine.
describe('wxtpl subscribe, end to end against the emulator', { timeout: 60_000 }, () => {
  it('categories lists the account categories, as a table or JSON', async () => {
    const [table, json] = await Promise.all([
      wxtpl('subscribe', 'categories'),
      wxtpl('subscribe', 'categories', '--json'),
    ]);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME$/);
    expect(table.stdout).toMatch(/\n616\s+餐饮服务\n/);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(
      `${SUBSCRIBE_CATEGORIES.length} categories`,
    );
    expect(JSON.parse(json.stdout)).toEqual(SUBSCRIBE_CATEGORIES);
  });

  it('titles walks every title of the categories, filtered by --category and --keyword', async () => {
    const [all, some, matching] = await Promise.all([
      wxtpl('subscribe', 'titles', '--json'),
      wxtpl('subscribe', 'titles', '--category', '2,617', '--json'),
      wxtpl('subscribe', 'titles', '--category=2', '--keyword', '退款'),
    ]);
    expect(all.status).toBe(0);
    expect(all.stderr).toBe('');
    const tids = (run: CliRun) => JSON.parse(run.stdout).map((t: { tid: number }) => t.tid);
    expect(tids(all)).toEqual(SUBSCRIBE_LIBRARY.map((t) => t.tid));
    expect(tids(some)).toEqual(
      SUBSCRIBE_LIBRARY.filter((t) => ['2', '617'].includes(t.categoryId)).map((t) => t.tid),
    );
    const inCategory2 = SUBSCRIBE_LIBRARY.filter((t) => t.categoryId === '2');
    const refunds = inCategory2.filter((t) => t.title.includes('退款'));
    expect(refunds.length).toBeGreaterThan(0);
    expect(matching.status).toBe(0);
    expect(matching.stdout.split('\n')[0]).toMatch(/^TID\s+TITLE\s+KIND\s+CATEGORY$/);
    for (const t of refunds)
      expect(matching.stdout).toMatch(new RegExp(`\\n${t.tid}\\s+${t.title}\\s+one-time\\s+2\\n`));
    expect(matching.stdout.trimEnd().split('\n').at(-1)).toBe(
      `${refunds.length} of ${inCategory2.length} titles`,
    );
  });

  it('keywords prints the KID and data key of each keyword of a title', async () => {
    const [table, json, missing] = await Promise.all([
      wxtpl('subscribe', 'keywords', '1002'),
      wxtpl('subscribe', 'keywords', '1002', '--json'),
      wxtpl('subscribe', 'keywords', '999999'),
    ]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/\n2\s+物流状态\s+enum2\s+已发货\n/);
    expect(table.stdout).toMatch(/\n3\s+快递公司\s+thing3\s+顺丰速运\n/);
    const title = SUBSCRIBE_LIBRARY.find((t) => t.tid === 1002);
    expect(JSON.parse(json.stdout).map((k: { kid: number }) => k.kid)).toEqual(
      title?.keywords.map((k) => k.kid),
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/WeChat refused \S+ with errcode 200014/);
  });

  it('add, list, send and delete a subscribe template', async () => {
    const { emulator } = session;
    const added = await wxtpl(
      'subscribe',
      'add',
      '1002',
      '--kids',
      '1,2,3',
      '--scene',
      '发货后通知',
    );
    expect(added.status, added.stderr).toBe(0);
    const priTmplId = added.stdout.trim();
    expect(priTmplId).toMatch(/^[\w-]{20,}$/);
    const listed = await wxtpl('subscribe', 'list');
    expect(listed.stdout.split('\n')[0]).toMatch(/^PRI_TMPL_ID\s+TITLE\s+KIND\s+KEYWORDS$/);
    expect(listed.stdout).toContain(
      `${priTmplId}  订单发货提醒  one-time  订单编号=character_string1, 物流状态=enum2, 快递公司=thing3`,
    );
    expect(listed.stdout.trimEnd().split('\n').at(-1)).toBe('1 subscribe template');
    // Template messages and subscribe templates are listed apart.
    const templates = await wxtpl('templates', 'list');
    expect(templates.stdout).not.toContain(priTmplId);
    expect(templates.stdout).toContain('subscribe templates: wxtpl subscribe list');

    const openid = `o-${randomUUID()}`;
    await emulator.control.grantSubscription({
      appId: emulator.appId,
      openid,
      templateId: priTmplId,
      count: 1,
    });
    const sendArgs = [
      'subscribe',
      'send',
      '--to',
      openid,
      '--template',
      priTmplId,
      '--data',
      JSON.stringify({
        character_string1: { value: '201910010001' },
        enum2: { value: '运输中' },
        thing3: '顺丰速运',
      }),
      '--page',
      'pages/index/index?id=1',
      '--state',
      'trial',
    ];
    const sent = await wxtpl(...sendArgs);
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(new RegExp(`^sent to ${openid}`));
    const inbox = await emulator.control.inbox({
      appId: emulator.appId,
      openid,
      kind: 'subscribe',
    });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      template_id: priTmplId,
      page: 'pages/index/index?id=1',
      miniprogram_state: 'trial',
      data: { enum2: { value: '运输中' }, thing3: { value: '顺丰速运' } },
    });

    // The one acceptance is spent: WeChat answers 43101, the CLI exits 1 and says so.
    const [again, againJson] = await Promise.all([
      wxtpl(...sendArgs),
      wxtpl(...sendArgs, '--json'),
    ]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('errcode 43101');
    expect(againJson.status).toBe(1);
    expect(JSON.parse(againJson.stdout)).toMatchObject({ errcode: 43101 });

    const deleted = await wxtpl('subscribe', 'delete', priTmplId);
    expect(deleted.status).toBe(0);
    expect(deleted.stdout).toBe(`deleted ${priTmplId}\n`);
    expect(JSON.parse((await wxtpl('subscribe', 'list', '--json')).stdout)).toEqual([]);
    const gone = await wxtpl('subscribe', 'delete', priTmplId);
    expect(gone.status).toBe(1);
    expect(gone.stderr).toContain('WeChat refused');
  });

  it('checks arguments before calling WeChat, naming what the user typed (exit 2)', async () => {
    const before = await Promise.all([
      requests(WeChatPath.subscribeTemplateAdd),
      requests(WeChatPath.subscribeSend),
      requests(WeChatPath.subscribeTitles),
    ]);
    const cases: [string[], string][] = [
      [['subscribe', 'add', '1002'], 'subscribe add needs --kids KIDS'],
      [['subscribe', 'add', '1002', '--kids', '1'], '--kids: a subscribe template combines 2 to 5'],
      [['subscribe', 'add', '1002', '--kids', '1,1'], '--kids: keyword 1 appears twice'],
      [['subscribe', 'add', '1002', '--kids', '1,x'], '--kids must be an integer ≥ 1, got "x"'],
      [['subscribe', 'add', 'abc', '--kids', '1,2'], 'TID must be an integer ≥ 1, got "abc"'],
      [
        [
          'subscribe',
          'add',
          '1002',
          '--kids',
          '1,2',
          '--scene',
          '一二三四五六七八九十一二三四五六',
        ],
        '--scene must be a string of at most 15',
      ],
      [['subscribe', 'add'], 'missing TID'],
      [['subscribe', 'titles', '--category', '2,x'], '--category must be an integer ≥ 1, got "x"'],
      [
        ['subscribe', 'send', '--to', 'o', '--data', '{}'],
        'subscribe send needs --template PRI_TMPL_ID',
      ],
      [
        ['subscribe', 'send', '--to', 'o', '--template', 't', '--data', '{bad'],
        '--data must be JSON',
      ],
      [
        ['subscribe', 'send', '--to', 'o', '--template', 't', '--data', '{"keyword1x":"a"}'],
        '--data keys are keywords like thing1',
      ],
      [
        ['subscribe', 'send', '--to', 'o', '--template', 't', '--data', '{"thing1":1}'],
        '--data thing1 must be a string or {"value": "..."}',
      ],
      [
        [
          'subscribe',
          'send',
          '--to',
          'o',
          '--template',
          't',
          '--data',
          '{"thing1":"a"}',
          '--state',
          'prod',
        ],
        '--state must be developer, trial, formal, got "prod"',
      ],
      [['subscribe', 'list', '--kids', '1,2'], 'wxtpl subscribe list does not take --kids'],
      [['subscribe', 'list', 'extra'], 'wxtpl subscribe list takes no argument "extra"'],
      [['subscribe', 'frobnicate'], 'unknown subscribe action "frobnicate"'],
      [['subscribe'], 'missing subscribe action'],
      [['subscribe', 'list', '--emphasis', 'keyword1'], 'wxtpl subscribe does not take --emphasis'],
    ];
    const runs = await Promise.all(cases.map(([args]) => wxtpl(...args)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i] as [string[], string];
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr).toContain('Run wxtpl subscribe --help for usage.');
      expect(run.stdout).toBe('');
    });
    const after = await Promise.all([
      requests(WeChatPath.subscribeTemplateAdd),
      requests(WeChatPath.subscribeSend),
      requests(WeChatPath.subscribeTitles),
    ]);
    expect(after).toEqual(before);
  });

  it('takes priTmplIds starting with - and -- as arguments and as option values', async () => {
    const seeded = await startEmulatorWithDashedIds(
      'wxdashedsub00001',
      session.workDir,
      (control, appId) => control.addSubscribeTemplate({ appId, tid: 1002, kidList: [1, 3] }),
    );
    const { app, dashed, doubleDashed } = seeded;
    const cli = (...args: string[]) =>
      runCliProcess(session.built.cliPath, args, seeded.env, session.workDir).then((run) => {
        expect(run.stdout + run.stderr).not.toContain(app.appSecret);
        return run;
      });
    try {
      const listed = await cli('subscribe', 'list', '--json');
      expect(JSON.parse(listed.stdout).map((t: { priTmplId: string }) => t.priTmplId)).toEqual([
        dashed,
        doubleDashed,
      ]);
      const openid = `o-${randomUUID()}`;
      for (const templateId of [dashed, doubleDashed]) {
        await seeded.emulator.control.grantSubscription({ appId: app.appId, openid, templateId });
      }
      const data = JSON.stringify({ character_string1: '201910010001', thing3: '顺丰速运' });
      const spaced = await cli(
        'subscribe',
        'send',
        '--to',
        openid,
        '--template',
        dashed,
        '--data',
        data,
      );
      expect(spaced.stderr).toBe('');
      expect(spaced.status).toBe(0);
      const joined = await cli(
        'subscribe',
        'send',
        `--to=${openid}`,
        `--template=${doubleDashed}`,
        `--data=${data}`,
      );
      expect(joined.status, joined.stderr).toBe(0);
      const inbox = await seeded.emulator.control.inbox({
        appId: app.appId,
        openid,
        kind: 'subscribe',
      });
      expect(inbox.map((m) => m.template_id)).toEqual([dashed, doubleDashed]);

      const deleted = await cli('subscribe', 'delete', dashed);
      expect(deleted.stderr).toBe('');
      expect(deleted.stdout).toBe(`deleted ${dashed}\n`);
      const deletedToo = await cli('subscribe', 'delete', '--', doubleDashed);
      expect(deletedToo.stdout).toBe(`deleted ${doubleDashed}\n`);
      expect((await cli('subscribe', 'list')).stdout.trimEnd().split('\n').at(-1)).toBe(
        '0 subscribe templates',
      );
    } finally {
      await seeded.emulator.close();
    }
  });

  it('help describes both kinds; subscribe --help and help subscribe print the same usage', async () => {
    const [global, usage, helpTopic, templates] = await Promise.all([
      wxtpl('--help'),
      wxtpl('subscribe', '--help'),
      wxtpl('help', 'subscribe'),
      wxtpl('templates', '--help'),
    ]);
    expect(global.status).toBe(0);
    expect(global.stdout).toContain('subscribe messages (订阅消息)');
    expect(global.stdout).toContain('template messages (模板消息)');
    for (const action of [
      'categories',
      'titles',
      'keywords TID',
      'add TID',
      'list',
      'delete PRI_TMPL_ID',
      'send --to OPENID',
    ]) {
      expect(global.stdout).toContain(`wxtpl subscribe ${action}`);
    }
    expect(usage.status).toBe(0);
    expect(usage.stdout).toMatch(/Examples:\n {2}wxtpl subscribe /);
    expect(helpTopic.stdout).toBe(usage.stdout);
    expect(templates.stdout).toContain('template messages (模板消息)');
    expect(templates.stdout).toContain('wxtpl subscribe list');
  });
});

describe('wxtpl without credentials and a base URL that is wrong', { timeout: 60_000 }, () => {
  let notEmulator: Server;
  let notEmulatorUrl: string;

  beforeAll(async () => {
    notEmulator = createServer((_, response) => {
      response.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => notEmulator.listen(0, '127.0.0.1', resolve));
    notEmulatorUrl = `http://127.0.0.1:${(notEmulator.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => notEmulator.close(resolve));
  });

  it('says no emulator answered (exit 1) when nothing listens there', async () => {
    // A port where an emulator ran and has stopped.
    const stopped = await startEmulator({ port: 0 });
    const url = stopped.url.replace(/\/$/, '');
    await stopped.close();
    const [variable, flag] = await Promise.all([
      bare(['subscribe', 'list'], { WXTPL_BASE_URL: url }),
      bare(['token', '--base-url', url], {}),
    ]);
    for (const run of [variable, flag]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `no wxtpl-emulator answered at ${url} (connection refused); start one with \`npx wxtpl-emulator\``,
      );
      expect(run.stderr).not.toContain('no AppID');
    }
  });

  it('refuses a base URL without a scheme (exit 2), naming the flag or variable', async () => {
    const [variable, flag, ftp] = await Promise.all([
      bare(['subscribe', 'list'], { WXTPL_BASE_URL: '127.0.0.1:4100' }),
      bare(['token', '--base-url', 'localhost:4100'], {}),
      bare(['token'], { WXTPL_BASE_URL: 'ftp://127.0.0.1:4100' }),
    ]);
    expect(variable.status).toBe(2);
    expect(variable.stderr).toContain(
      "WXTPL_BASE_URL must be an absolute http(s) URL, got '127.0.0.1:4100'",
    );
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain(
      "--base-url must be an absolute http(s) URL, got 'localhost:4100'",
    );
    expect(ftp.status).toBe(2);
    expect(ftp.stderr).toContain("WXTPL_BASE_URL must be an absolute http(s) URL, got 'ftp://");
  });

  it('asks for credentials when something answers there that is no emulator (exit 2)', async () => {
    const run = await bare(['subscribe', 'list'], { WXTPL_BASE_URL: notEmulatorUrl });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no AppID: pass --appid or set WXTPL_APPID');
    expect(run.stderr).toContain('not as a wxtpl-emulator');
  });
});

describe('wxtpl with an unknown command', { timeout: 60_000 }, () => {
  it('fails with the same error and exit 2, with or without a request for help', async () => {
    const forms = [
      ['nosuch'],
      ['nosuch', '--help'],
      ['nosuch', '-h'],
      ['help', 'nosuch'],
      ['--help', 'nosuch'],
    ];
    const runs = await Promise.all(forms.map((args) => wxtpl(...args)));
    runs.forEach((run, i) => {
      const args = (forms[i] as string[]).join(' ');
      expect(run.status, args).toBe(2);
      expect(run.stderr, args).toBe(
        'wxtpl: unknown command "nosuch"\nRun wxtpl --help for usage.\n',
      );
      expect(run.stdout, args).toBe('');
    });
    const [help, helpAlone] = await Promise.all([wxtpl('help'), wxtpl('--help')]);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(helpAlone.stdout);
  });
});
