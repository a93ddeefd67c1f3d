import { createRedisStore } from '@wxtpl/server-sdk';
import { type EmulatorProcess, redisKeys, startEmulatorProcess } from '@wxtpl/testkit';
import { createServer, type ExampleServer } from '../../examples/server/src/server.ts';
import { testConfig } from '../../examples/server/test/helpers.ts';

/** The example server on a Redis store, against the emulator as its CLI. */
export interface CollectStack {
  emulator: EmulatorProcess;
  server: ExampleServer;
  base: URL;
  /** pino lines of level error (50) and above: a collect failure would be one. */
  errorLogs: string[];
  close(): Promise<void>;
}

export async function startCollectStack(sessionSecret: string): Promise<CollectStack> {
  const keys = redisKeys('collect-hostile');
  const emulator = await startEmulatorProcess();
  const store = createRedisStore(keys.url, { prefix: keys.prefix() });
  const errorLogs: string[] = [];
  const server = await createServer(
    testConfig(emulator.url, {
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      sessionSecret,
    }),
    { store, logger: { level: 'error', stream: { write: (line) => void errorLogs.push(line) } } },
  );
  const base = new URL(await server.listen(0, '127.0.0.1'));
  const close = async () => {
    await server.close();
    await emulator.close();
    await store.close();
    await keys.cleanup();
  };
  return { emulator, server, base, errorLogs, close };
}
