import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createEmulatorControl, type EmulatorControl } from '@wxtpl/emulator';
import { EMULATOR_CLI } from './paths.ts';

/** The built `wxtpl-emulator` CLI in its own process, with one fresh app. */
export interface EmulatorProcess {
  url: string;
  appId: string;
  appSecret: string;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export const PAGES = ['pages/index/index', 'pages/order/detail'];

/** Starts the CLI on a free port and waits for the line that names its URL. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const appId = `wxrel${randomUUID().replace(/-/g, '').slice(0, 11)}`;
  const appSecret = `secret-${randomUUID()}`;
  const child = spawn(
    process.execPath,
    [
      EMULATOR_CLI,
      '--port',
      '0',
      '--appid',
      appId,
      '--secret',
      appSecret,
      '--pages',
      PAGES.join(','),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${output}`));
    });
  });
  return { url, appId, appSecret, control: createEmulatorControl(url), stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
