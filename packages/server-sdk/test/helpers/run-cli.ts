import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EmulatorControl, type RunningEmulator, startEmulator } from '@wxtpl/emulator';
import {
  artifactsDir,
  type BuiltPackage,
  builtPackage,
  startTestEmulator,
  type TestEmulator,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';

/** What one `wxtpl` child process did. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process with `env` added to a minimal environment. */
export function runCliProcess(
  cliPath: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, cwd, timeout: 30_000 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/**
 * The built `wxtpl` against an emulator of this process, run in a scratch folder inside the
 * package (so that a generated `import … from '@wxtpl/server-sdk'` resolves to the built package
 * by its own name, as in an app). Every run is kept: `close` checks that none printed the secret.
 */
export interface CliSession {
  built: BuiltPackage;
  emulator: TestEmulator;
  /** The test app's credentials, as the CLI reads them. */
  env: Record<string, string>;
  workDir: string;
  /** Runs the CLI in `workDir` with `env` and `extraEnv`. */
  run(args: readonly string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  /** Adds a run made otherwise to the secret check. */
  keep(run: CliRun): CliRun;
  close(): Promise<void>;
}

/** The credentials and base URL of an emulator's app, as the CLI reads them. */
export function cliEnv(
  app: { appId: string; appSecret: string },
  baseUrl: string,
): Record<string, string> {
  return { WXTPL_APPID: app.appId, WXTPL_SECRET: app.appSecret, WXTPL_BASE_URL: baseUrl };
}

export async function startCliSession(label: string): Promise<CliSession> {
  const built = builtPackage('server-sdk');
  const emulator = await startTestEmulator();
  const env = cliEnv(emulator, emulator.url);
  const workDir = join(artifactsDir('server-sdk'), `${label}-${process.pid}-${randomUUID()}`);
  mkdirSync(workDir, { recursive: true });
  const outputs: CliRun[] = [];
  const keep = (run: CliRun) => {
    outputs.push(run);
    return run;
  };
  return {
    built,
    emulator,
    env,
    workDir,
    run: async (args, extraEnv = {}) =>
      keep(await runCliProcess(built.cliPath, args, { ...env, ...extraEnv }, workDir)),
    keep,
    async close() {
      // No run, failed or not, ever printed the secret.
      for (const run of outputs) expect(run.stdout + run.stderr).not.toContain(emulator.appSecret);
      await emulator.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * For a file's tests: a {@link CliSession} started before them and closed after them. Read its
 * fields inside tests, once the hooks have run.
 */
export function useCliSession(label: string): CliSession {
  const session = {} as CliSession;
  beforeAll(async () => {
    Object.assign(session, await startCliSession(label));
  }, 60_000);
  afterAll(async () => {
    await session.close?.();
  });
  return session;
}

/** An emulator of {@link startEmulatorWithDashedIds}, its app, and the app's CLI environment. */
export interface DashedIdsEmulator {
  emulator: RunningEmulator;
  app: { appId: string; appSecret: string };
  env: Record<string, string>;
  /** What the emulator serves instead of the two ids `mint` made: they start with "-" and "--". */
  dashed: string;
  doubleDashed: string;
}

/**
 * An emulator serving a new app `appId` in which the two ids `mint` made start with "-" and "--"
 * instead: ids are base64url, so the emulator would mint those only by chance (1 in 64 starts with
 * "-"). They are given through its data file in `workDir`.
 */
export async function startEmulatorWithDashedIds(
  appId: string,
  workDir: string,
  mint: (control: EmulatorControl, appId: string) => Promise<string>,
): Promise<DashedIdsEmulator> {
  const app = { appId, appSecret: `secret-${randomUUID()}` };
  const dashed = '-gMXutX0Ml2vn3Tol5wKrZ4Qdy0Hn0XfKQ5M9RlFmGo';
  const doubleDashed = '--Ml2vn3Tol5wKrZ4Qdy0Hn0XfKQ5M9RlFmGoXutX0';
  const dataFile = join(workDir, `ids-${randomUUID()}.json`);
  const seeding = await startEmulator({ apps: [app], dataFile });
  const minted = [await mint(seeding.control, appId), await mint(seeding.control, appId)];
  await seeding.close();
  writeFileSync(
    dataFile,
    readFileSync(dataFile, 'utf8')
      .replaceAll(minted[0] as string, dashed)
      .replaceAll(minted[1] as string, doubleDashed),
  );
  const emulator = await startEmulator({ apps: [app], dataFile });
  return { emulator, app, env: cliEnv(app, emulator.url), dashed, doubleDashed };
}

/** An in-process CLI's streams, captured, with `env` as its whole environment. */
export function captureIo(env: Record<string, string>, isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY },
    env,
    cwd: process.cwd(),
  };
  return { io, out, err };
}
