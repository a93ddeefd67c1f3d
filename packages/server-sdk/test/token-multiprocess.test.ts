import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WeChatPath } from '@wxtpl/shared-types';
import {
  builtPackage,
  deleteKeys,
  startTestEmulator,
  type TestEmulator,
  testRedis,
  testRedisUrl,
  uniquePrefix,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WORKER = fileURLToPath(new URL('./helpers/token-worker.mjs', import.meta.url));
const PROCESSES = 4;

interface Reply {
  id?: number;
  ok?: boolean;
  ready?: boolean;
  tokens?: string[];
  error?: string;
}

/** One worker process, with request/response over IPC. */
class Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  #next = 0;
  #pending = new Map<number, (reply: Reply) => void>();

  constructor(config: object) {
    this.child = fork(WORKER, [JSON.stringify(config)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
      this.child.on('message', (reply: Reply) => {
        if (reply.ready) resolve();
        else if (reply.id !== undefined) this.#pending.get(reply.id)?.(reply);
      });
    });
  }

  async run(cmd: string, n: number): Promise<string[]> {
    const id = this.#next++;
    const reply = await new Promise<Reply>((resolve) => {
      this.#pending.set(id, resolve);
      this.child.send({ id, cmd, n });
    });
    if (!reply.ok) throw new Error(`worker failed: ${reply.error}`);
    return reply.tokens ?? [];
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send({ cmd: 'exit' });
    });
  }
}

let emulator: TestEmulator;
let workers: Worker[] = [];
const prefix = uniquePrefix('multiprocess');
const redis = testRedis();

beforeAll(async () => {
  emulator = await startTestEmulator();
  const config = {
    sdkUrl: builtPackage('server-sdk').indexUrl,
    redisUrl: testRedisUrl(),
    prefix,
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    retry: { retries: 3, minDelayMs: 5, maxDelayMs: 50 },
  };
  workers = Array.from({ length: PROCESSES }, () => new Worker(config));
  await Promise.all(workers.map((w) => w.ready));
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await emulator?.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

// Requests to the default (stable) token endpoint: it may answer the same token again, so the
// requests, not the tokens issued, show that one process fetched for all.
const tokenRequests = async () => (await emulator.stats()).requests[WeChatPath.stableToken] ?? 0;

describe('access-token owner across processes (real Redis)', { timeout: 30_000 }, () => {
  it('asks WeChat for exactly 1 token for 4 processes × 100 concurrent getAccessToken() on a cold store', async () => {
    const before = await tokenRequests();
    const perWorker = await Promise.all(workers.map((w) => w.run('tokens', 100)));
    const distinct = new Set(perWorker.flat());
    expect(distinct.size).toBe(1);
    expect(await tokenRequests()).toBe(before + 1);
  });

  it('asks exactly once more when 200 concurrent calls across the processes all get 40001', async () => {
    const [stale] = await (workers[0] as Worker).run('tokens', 1);
    await emulator.invalidateTokens();
    const before = await tokenRequests();
    const perWorker = await Promise.all(workers.map((w) => w.run('list', 200 / PROCESSES)));
    const distinct = new Set(perWorker.flat());
    expect(distinct.size).toBe(1);
    expect(distinct.has(stale as string)).toBe(false);
    expect(await tokenRequests()).toBe(before + 1);
  });
});
