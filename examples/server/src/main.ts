// `pnpm --filter @wxtpl/example-server start`: the example backend, configured by environment
// variables (see README.md). With none set it talks to a local emulator on 127.0.0.1:4100.
import { ConfigError, configFromEnv } from './config.js';
import { createServer } from './server.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  const server = await createServer(config, {
    logger: { level: config.logLevel },
  });
  for (const t of server.resolutions) {
    server.app.log.info(
      `template ${t.name}: 「${t.title}」 ${t.templateId} (from the ${t.origin})`,
    );
  }
  const url = await server.listen();
  const store = config.redisUrl ? 'Redis' : 'memory';
  console.log(
    `example server listening on ${url} (${config.mode} at ${config.baseUrl}, ${store} store)`,
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`example server failed to start: ${reason}`);
  if (!(error instanceof ConfigError) && String(error).includes('ECONNREFUSED')) {
    console.error('Is the emulator running? Start it with: pnpm exec wxtpl-emulator');
  }
  process.exit(1);
});
