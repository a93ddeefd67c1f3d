import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulatorControl, devtoolsOpenid } from '../src/index.js';
import { type AppsBody, getJson } from './helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'wxtpl-emulator-cli-'));

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Starts the built CLI and resolves once it prints its URL. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; line: string }> {
  if (!existsSync(CLI))
    throw new Error('dist/cli.js missing: run `pnpm --filter @wxtpl/emulator build`');
  return startCommand(process.execPath, [CLI, ...args]);
}

/** Starts a command that runs the CLI and resolves once the CLI prints its URL. */
function startCommand(
  command: string,
  args: string[],
  cwd?: string,
): Promise<{ child: ChildProcess; url: string; line: string }> {
  // Its own process group, so that afterAll can kill whatever it started, orphans included.
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd, detached: true });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/[\w.]+:\d+/.exec(out);
      if (match) resolve({ child, url: match[0], line: out.trim() });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${err}`)));
  });
}

/** Whether `url` stops accepting connections within 20 s (the emulator process is gone). */
async function stopsAnswering(url: string): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/__emulator/stats`, { signal: AbortSignal.timeout(1000) });
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return exitOf(child).then((code) => ({ code, stdout, stderr }));
}

afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // the whole group is gone already
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('wxtpl-emulator CLI', () => {
  it('prints http://HOST:PORT once listening and serves the given app; SIGTERM stops it', async () => {
    const { child, url, line } = await startCli([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--appid',
      'wxclitest000001',
      '--secret',
      'cli-secret-value',
    ]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line).not.toContain('cli-secret-value');
    const response = await fetch(
      `${url}/cgi-bin/token?grant_type=client_credential&appid=wxclitest000001&secret=cli-secret-value`,
    );
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(7200);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  });

  it('defaults to the demo app', async () => {
    const { child, url } = await startCli(['--port', '0']);
    const response = await fetch(
      `${url}/cgi-bin/token?grant_type=client_credential&appid=wx0000000000demo&secret=demo-app-secret`,
    );
    expect(((await response.json()) as { access_token: string }).access_token).toEqual(
      expect.any(String),
    );
    child.kill('SIGTERM');
    await exitOf(child);
  });

  it('--pages declares the pages a send may open', async () => {
    const { child, url } = await startCli(['--port', '0', '--pages', 'pages/index/index, pages/b']);
    const apps = await getJson<AppsBody>(`${url}/__emulator/apps`);
    expect(apps.apps[0]?.pages).toEqual(['pages/index/index', 'pages/b']);
    child.kill('SIGTERM');
    await exitOf(child);
  });

  it('--data-file keeps the state across restarts', async () => {
    const file = join(dir, 'state.json');
    const first = await startCli(['--port', '0', '--data-file', file]);
    const control = createEmulatorControl(first.url);
    const [formId] = await control.formIds({ openid: 'oPersisted' });
    await control.advanceClock(120);
    first.child.kill('SIGTERM');
    expect(await exitOf(first.child)).toBe(0);
    expect(existsSync(file)).toBe(true);

    const second = await startCli(['--port', '0', '--data-file', file]);
    const users = await createEmulatorControl(second.url).users();
    expect(users).toEqual([{ appid: 'wx0000000000demo', openid: 'oPersisted', messages: 0 }]);
    const clock = await getJson<{ now: number }>(`${second.url}/__emulator/clock`);
    expect(clock.now).toBeGreaterThan(Date.now() + 100_000);
    expect(formId).toMatch(/^[0-9a-f]{32}$/);
    second.child.kill('SIGTERM');
    await exitOf(second.child);
  });

  it('--help prints the usage; bad options exit 2 with a message', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--data-file');
    const badPort = await run(['--port', 'x']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port');
    const unknown = await run(['--nope']);
    expect(unknown.code).toBe(2);
  });

  it('refuses to start when the data file could never be saved', async () => {
    const missing = await run(['--port', '0', '--data-file', '/nonexistent/dir/x.json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      'wxtpl-emulator: cannot keep the state in /nonexistent/dir/x.json: folder /nonexistent/dir does not exist\n',
    );
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const notAFolder = await run(['--port', '0', '--data-file', join(file, 'x.json')]);
    expect(notAFolder.code).toBe(1);
    expect(notAFolder.stderr).toContain(`${file} is not a folder`);
  });

  it('--devtools-login logs any unknown code of the app in as its DevTools user', async () => {
    const { child, url, line } = await startCli(['--port', '0', '--devtools-login']);
    const openid = devtoolsOpenid('wx0000000000demo');
    const session = (code: string) =>
      getJson<{ openid: string }>(
        `${url}/sns/jscode2session?appid=wx0000000000demo&secret=demo-app-secret&js_code=${code}&grant_type=authorization_code`,
      );
    expect((await session('0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P')).openid).toBe(openid);
    expect((await session('033devtools-other-code')).openid).toBe(openid);
    const apps = await getJson<{ apps: { devtoolsLogin: boolean }[] }>(`${url}/__emulator/apps`);
    expect(apps.apps[0]?.devtoolsLogin).toBe(true);
    expect(line).toContain('listening on');
    child.kill('SIGTERM');
    await exitOf(child);
  });

  // npm starts a bin through `sh -c` and, on SIGTERM, signals only that shell.
  for (const runner of ['npm', 'pnpm'] as const) {
    it(`exits on SIGTERM when started through ${runner} exec`, { timeout: 60_000 }, async () => {
      const project = join(dir, `${runner}-project`);
      mkdirSync(join(project, 'node_modules', '@wxtpl'), { recursive: true });
      mkdirSync(join(project, 'node_modules', '.bin'));
      writeFileSync(
        join(project, 'package.json'),
        '{"name":"runner-test","version":"1.0.0","private":true}',
      );
      symlinkSync(PACKAGE_DIR, join(project, 'node_modules', '@wxtpl', 'emulator'));
      symlinkSync(
        '../@wxtpl/emulator/dist/cli.js',
        join(project, 'node_modules', '.bin', 'wxtpl-emulator'),
      );
      const args =
        runner === 'npm'
          ? ['exec', '--offline', '--', 'wxtpl-emulator']
          : ['exec', 'wxtpl-emulator'];
      const { child, url } = await startCommand(runner, [...args, '--port', '0'], project);
      expect((await fetch(`${url}/__emulator/stats`)).ok).toBe(true);
      child.kill('SIGTERM');
      await exitOf(child);
      expect(await stopsAnswering(url)).toBe(true);
    });
  }
});
