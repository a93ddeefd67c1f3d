// One server process of the token benchmark: a fresh client on a shared Redis store per run.
import { createRedisStore, WeChatClient } from '@wxtpl/server-sdk';
import { serveCommands } from '../harness/child.js';

interface TokenRun {
  redisUrl: string;
  prefix: string;
  appId: string;
  appSecret: string;
  baseUrl: string;
  concurrent: number;
  tokenEndpoint: 'classic' | 'stable';
}

let armed: { client: WeChatClient; close(): Promise<void>; concurrent: number } | undefined;

serveCommands({
  // Connects first, so that `fire` measures the race alone.
  async arm(run: TokenRun) {
    const store = createRedisStore(run.redisUrl, { prefix: run.prefix });
    await store.get('warm-up');
    const client = new WeChatClient({
      appId: run.appId,
      appSecret: run.appSecret,
      baseUrl: run.baseUrl,
      store,
      tokenEndpoint: run.tokenEndpoint,
    });
    armed = {
      client,
      concurrent: run.concurrent,
      close: async () => {
        await client.close();
        await store.close();
      },
    };
  },
  async fire() {
    if (armed === undefined) throw new Error('fire before arm');
    const { client, concurrent } = armed;
    const tokens = await Promise.all(
      Array.from({ length: concurrent }, () => client.getAccessToken()),
    );
    await armed.close();
    armed = undefined;
    return [...new Set(tokens)];
  },
});
