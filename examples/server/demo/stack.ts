import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@wxtpl/emulator';
import {
  configFromEnv,
  EMULATOR_DEFAULTS,
  type ExampleServerConfig,
  type MessageKind,
} from '../src/config.js';
import { createServer, type ExampleServer } from '../src/server.js';
import { MINIPROGRAM_ROOT } from './miniprogram-host.js';

/** One example backend of the demo. */
export interface DemoBackend {
  server: ExampleServer;
  url: string;
  config: ExampleServerConfig;
}

/**
 * The emulator and two example backends on it: one telling users with subscribe messages (the
 * emulator's message push points at it), one with template messages.
 */
export interface DemoStack {
  emulator: RunningEmulator;
  backends: Record<MessageKind, DemoBackend>;
  close(): Promise<void>;
}

/** The pages the example mini-program declares: the emulator refuses sends to any other page. */
export function miniProgramPages(): string[] {
  const appJson = JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as {
    pages: string[];
  };
  return appJson.pages;
}

/** Starts a fresh emulator (port 0) and both example backends (port 0) talking to it. */
export async function startDemoStack(
  options: { host?: string; redisUrl?: string } = {},
): Promise<DemoStack> {
  const host = options.host ?? '127.0.0.1';
  const app = {
    appId: EMULATOR_DEFAULTS.appId,
    appSecret: EMULATOR_DEFAULTS.appSecret,
    pages: miniProgramPages(),
  };
  const emulator = await startEmulator({ host, port: 0, apps: [app] });
  const started: DemoBackend[] = [];
  try {
    const start = async (messages: MessageKind): Promise<DemoBackend> => {
      // Emulator mode's defaults, on this emulator and free ports.
      const config: ExampleServerConfig = {
        ...configFromEnv({}),
        messages,
        baseUrl: emulator.url,
        ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
        sessionSecret: 'demo-session-secret-not-for-production',
        adminToken: 'demo-admin-token',
        host,
        port: 0,
      };
      const server = await createServer(config);
      const backend = { server, url: await server.listen(0, host), config };
      started.push(backend);
      return backend;
    };
    const subscribe = await start('subscribe');
    const template = await start('template');
    // The admin console's message push settings: WeChat pushes popups to the subscribe backend.
    await emulator.control.registerApp({
      ...app,
      push: { url: `${subscribe.url}/wechat/push`, token: EMULATOR_DEFAULTS.pushToken },
    });
    return {
      emulator,
      backends: { subscribe, template },
      async close() {
        for (const backend of started) await backend.server.close();
        await emulator.close();
      },
    };
  } catch (error) {
    for (const backend of started) await backend.server.close().catch(() => {});
    await emulator.close();
    throw error;
  }
}
