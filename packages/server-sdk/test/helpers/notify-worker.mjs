// A separate server process for the exactly-once test: imports the BUILT package and fires
// `concurrency` notifies at once for one user, then prints one JSON line of outcomes.
import { connectSdk } from '@wxtpl/testkit/worker';

const config = JSON.parse(process.env.WXTPL_WORKER ?? '{}');
const { sdk, store, client, close } = await connectSdk(config);
const pool = new sdk.FormIdPool({ store, appId: config.appId });
const notifier = new sdk.Notifier({ client, pool });
const { template } = config;

const outcomes = await Promise.all(
  Array.from({ length: config.concurrency }, async (_, index) => {
    const tag = `w${config.worker}-${index}`;
    try {
      const result = await notifier.notify({
        openid: config.openid,
        template,
        data: { place: 'TIT造舰厂', time: '2026年11月26日', item: tag },
      });
      return { tag, ok: true, ...result };
    } catch (error) {
      return { tag, ok: false, error: error?.name ?? String(error), message: error?.message };
    }
  }),
);
await close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
