import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createEmulatorControl, type EmulatorControl } from '@wxtpl/emulator';

/** The built emulator CLI running in its own process (its own event loop and core). */
export interface EmulatorProcess {
  url: string;
  pid: number | undefined;
  control: EmulatorControl;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@wxtpl/emulator/package.json')), 'dist', 'cli.js');

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /http:\/\/[\w.]+:\d+/.exec(seen);
      if (match) resolve(match[0]);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
  return { url, pid: child.pid, control: createEmulatorControl(url), stop: () => stopChild(child) };
}

/** SIGTERM, then waits for the exit (SIGKILL after 5 s). */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
