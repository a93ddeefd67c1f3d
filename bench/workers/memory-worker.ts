// Heap growth over many notifies (memory store), in a process of its own run with --expose-gc.
// Credits are minted and ingested in rounds; after each round the pool's clock moves 8 days on
// and purgeExpired() runs, as the README's cron job would: the pool's own bookkeeping (ids seen
// in the last 7 days) then returns to empty, and whatever still grows is held by something else.
import { createEmulatorControl } from '@wxtpl/emulator';
import { createMemoryStore, FormIdPool, Notifier, WeChatClient } from '@wxtpl/server-sdk';
import { serveCommands } from '../harness/child.js';
import { type BenchApp, DATA, EMPHASIS, mintCredits, PAGE } from '../harness/fixtures.js';
import { runConcurrently } from '../harness/stats.js';

interface MemoryRun {
  url: string;
  app: BenchApp;
  warmUp: number;
  notifies: number;
  checkpointEvery: number;
}

const ROUND = 1000;
const PER_USER = 100;
const CONCURRENCY = 16;
const DAY_MS = 24 * 60 * 60 * 1000;

const gc = (globalThis as { gc?: () => void }).gc;

serveCommands({
  async run(input: MemoryRun) {
    if (gc === undefined) throw new Error('run this worker with --expose-gc');
    const control = createEmulatorControl(input.url);
    let offset = 0;
    const clock = () => Date.now() + offset;
    const store = createMemoryStore();
    const client = new WeChatClient({
      appId: input.app.appId,
      appSecret: input.app.appSecret,
      baseUrl: input.url,
      store,
    });
    const pool = new FormIdPool({ store, appId: input.app.appId, now: clock });
    const notifier = new Notifier({ client, pool });

    const round = async () => {
      const credits = await mintCredits(control, input.app, ROUND, PER_USER);
      for (const user of credits.users) {
        await pool.ingest(
          user.openid,
          user.ids.map((formId) => ({ formId })),
        );
      }
      const openids = credits.users.flatMap((u) => u.ids.map(() => u.openid));
      await runConcurrently(ROUND, CONCURRENCY, (i) =>
        notifier.notify({
          openid: openids[i] as string,
          template: input.app.template,
          data: DATA,
          page: PAGE,
          emphasis: EMPHASIS,
        }),
      );
      offset += 8 * DAY_MS;
      await pool.purgeExpired();
    };

    const heap = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };

    for (let done = 0; done < input.warmUp; done += ROUND) await round();
    const checkpoints: { notifies: number; heapUsed: number }[] = [
      { notifies: 0, heapUsed: await heap() },
    ];
    const started = performance.now();
    for (let done = 0; done < input.notifies; ) {
      await round();
      done += ROUND;
      if (done % input.checkpointEvery === 0) {
        checkpoints.push({ notifies: done, heapUsed: await heap() });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    await client.close();
    return { checkpoints, seconds };
  },
});
