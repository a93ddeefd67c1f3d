// A campaign worker process for the crash tests and the bench: imports the BUILT package, runs
// `campaigns.work(...)` until SIGTERM (a graceful close) or SIGKILL, and prints `ready` once it
// takes jobs.
import { connectSdk } from './sdk-worker.mjs';

const config = JSON.parse(process.env.WXTPL_WORKER ?? '{}');
const { sdk, store, client, close } = await connectSdk(config);
const pool = new sdk.CreditPool({ store, appId: config.appId });
const notifier = new sdk.Notifier({ client, pool });
const campaigns = new sdk.Campaigns({
  redis: config.redisUrl,
  pool,
  notifier,
  prefix: config.prefix,
  ...(config.batchSize === undefined ? {} : { batchSize: config.batchSize }),
});
const worker = campaigns.work({
  concurrency: config.concurrency ?? 8,
  lockDurationMs: config.lockDurationMs ?? 2000,
  inDoubt: config.inDoubt ?? 'skip',
});
process.on('SIGTERM', async () => {
  await worker.close();
  await campaigns.close();
  await close();
  process.exit(0);
});
process.stdout.write('ready\n');
// Memory while streaming, for the bench: one line a second when asked.
if (config.reportMemory) {
  setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ rss, heapUsed })}\n`);
  }, 1000).unref();
}
