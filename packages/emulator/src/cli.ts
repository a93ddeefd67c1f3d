#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';
import { startEmulator } from './emulator.js';
import { exitWithRunner } from './runner.js';
import { devtoolsOpenid } from './state/ids.js';

const USAGE = `Usage: wxtpl-emulator [options]

A local WeChat template- and subscribe-message API with a control plane (/__emulator/) and an
inbox page (/).

Options:
  --port N           port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --host H           interface to listen on (default ${DEFAULT_HOST})
  --appid ID         appid of the app served (default ${DEFAULT_APP_ID})
  --secret S         its AppSecret (default ${DEFAULT_APP_SECRET})
  --pages P1,P2      pages the app declares; sends to other pages answer 41030
  --data-file PATH   keep the state in this JSON file (loaded on start, saved on change)
  --control-host H   also answer the test-only control plane (/__emulator/*) under host name H
                     (comma-separated; loopback names always work), e.g. a compose service name
  --devtools-login   dev only: any wx.login code the emulator did not issue (WeChat DevTools'
                     codes) logs in as the app's DevTools user, one stable openid
  -h, --help         show this help
`;

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    process.stderr.write(`wxtpl-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`wxtpl-emulator: --port must be an integer 0..65535\n`);
    process.exit(2);
  }
  const appId = values.appid ?? DEFAULT_APP_ID;
  const pages = values.pages
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const devtoolsLogin = values['devtools-login'] === true;
  const emulator = await startEmulator({
    port,
    host: values.host ?? DEFAULT_HOST,
    apps: [
      {
        appId,
        appSecret: values.secret ?? DEFAULT_APP_SECRET,
        ...(pages ? { pages } : {}),
        ...(devtoolsLogin ? { devtoolsLogin } : {}),
      },
    ],
    ...(values['data-file'] ? { dataFile: values['data-file'] } : {}),
    controlHosts: (values['control-host'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  });
  process.stdout.write(
    `wxtpl-emulator listening on ${emulator.url} (appid ${appId}; inbox ${emulator.url}/)\n`,
  );
  if (devtoolsLogin) {
    process.stdout.write(
      `DevTools login (dev only): any login code of ${appId} the emulator did not issue logs in as ${devtoolsOpenid(appId)}\n`,
    );
  }
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  exitWithRunner(stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      appid: { type: 'string' },
      secret: { type: 'string' },
      pages: { type: 'string' },
      'data-file': { type: 'string' },
      'control-host': { type: 'string' },
      'devtools-login': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`wxtpl-emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
