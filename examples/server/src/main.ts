// `pnpm --filter @wxtpl/example-server start`: the example backend, configured by environment
// variables (see README.md). With none set it talks to a local emulator on 127.0.0.1:4100.
import { ConfigError, configFromEnv, startedByPackageRunner } from './config.js';
import { stopWhenParentGone } from './runner.js';
import { createServer, type ExampleServer } from './server.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  const server = await createServer(config, { logger: { level: config.logLevel } });
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
  stopOnSignals(server, config.shutdownTimeoutMs);
}

/**
 * SIGTERM/SIGINT, or the package runner that started us gone (runner.ts): stop accepting
 * connections, let the requests in flight finish (notifies reach WeChat and are answered, uploads
 * are stored and answered; a request arriving on a kept-alive connection meanwhile gets 503),
 * release the store, exit 0. If that takes longer than `timeoutMs`, or a second signal comes, exit
 * 1 at once. The runner going away while we stop (Ctrl-C reaches both) is no second signal.
 */
function stopOnSignals(server: ExampleServer, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'runner gone') => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping; requests in flight may take up to ${timeoutMs} ms`);
    const deadline = setTimeout(() => {
      console.error(`still busy after ${timeoutMs} ms: exiting with requests unanswered`);
      process.exit(1);
    }, timeoutMs);
    server.close().then(
      () => {
        clearTimeout(deadline);
        console.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`stopping failed: ${error instanceof Error ? error.message : error}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (startedByPackageRunner()) {
    stopWhenParentGone(() => {
      if (!stopping) stop('runner gone');
    });
  }
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`example server failed to start: ${reason}`);
  if (!(error instanceof ConfigError) && String(error).includes('ECONNREFUSED')) {
    console.error('Is the emulator running? Start it with: npm run emulator');
  }
  process.exit(1);
});
