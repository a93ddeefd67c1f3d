import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@wxtpl/emulator';
import { configFromEnv, EMULATOR_DEFAULTS, type ExampleServerConfig } from '../src/config.js';
import { createServer, type ExampleServer } from '../src/server.js';
import { MINIPROGRAM_ROOT } from './miniprogram-host.js';

/** The emulator and the example backend, both on free ports. */
export interface DemoStack {
  emulator: RunningEmulator;
  server: ExampleServer;
  serverUrl: string;
  config: ExampleServerConfig;
  close(): Promise<void>;
}

/** The pages the example mini-program declares: the emulator refuses sends to any other page. */
export function miniProgramPages(): string[] {
  const appJson = JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as {
    pages: string[];
  };
  return appJson.pages;
}

/** Starts a fresh emulator (port 0) and the example backend (port 0) talking to it. */
export async function startDemoStack(
  options: { host?: string; redisUrl?: string } = {},
): Promise<DemoStack> {
  const host = options.host ?? '127.0.0.1';
  const emulator = await startEmulator({
    host,
    port: 0,
    apps: [
      {
        appId: EMULATOR_DEFAULTS.appId,
        appSecret: EMULATOR_DEFAULTS.appSecret,
        pages: miniProgramPages(),
      },
    ],
  });
  try {
    // Emulator mode's defaults, on this emulator and free ports.
    const config: ExampleServerConfig = {
      ...configFromEnv({}),
      baseUrl: emulator.url,
      ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
      sessionSecret: 'demo-session-secret-not-for-production',
      adminToken: 'demo-admin-token',
      host,
      port: 0,
    };
    const server = await createServer(config);
    const serverUrl = await server.listen(0, host);
    return {
      emulator,
      server,
      serverUrl,
      config,
      async close() {
        await server.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
