import { spawn } from 'node:child_process';
import { builtPackage } from './built-package.ts';
import { stopChild, waitForOutput } from './children.ts';
import {
  bindEmulator,
  freshApp,
  PAGES,
  type TestEmulator,
  type TestEmulatorOptions,
} from './emulator.ts';

/** The emulator as its built `wxtpl-emulator` CLI in a process of its own (its own core). */
export interface EmulatorProcess extends TestEmulator {
  pid: number | undefined;
}

/**
 * Starts the CLI on a free port, as a user would (`wxtpl-emulator --port 0 --appid … --secret …`),
 * and resolves once it prints the line naming its URL. The CLI's own output goes nowhere.
 */
export async function startEmulatorProcess(
  options: Pick<TestEmulatorOptions, 'app' | 'pages'> = {},
): Promise<EmulatorProcess> {
  const app = options.app ?? freshApp();
  const pages = options.pages === undefined ? PAGES : options.pages;
  const args = [
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--appid',
    app.appId,
    '--secret',
    app.appSecret,
  ];
  if (pages) args.push('--pages', pages.join(','));
  const child = spawn(process.execPath, [builtPackage('emulator').cliPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let url: string;
  try {
    [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+/, 'wxtpl-emulator');
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { ...bindEmulator(url, app, () => stopChild(child)), pid: child.pid };
}
