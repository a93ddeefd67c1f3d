// A separate server process for the exactly-once tests: imports the BUILT package and fires
// `concurrency` notifies at once — to `openid`, or round-robin over `openids` with `data` — then
// prints one JSON line of outcomes.
import { connectSdk } from '@wxtpl/testkit/worker';

const config = JSON.parse(process.env.WXTPL_WORKER ?? '{}');
const { sdk, store, client, close } = await connectSdk(config);
const pool = new sdk.FormIdPool({ store, appId: config.appId });
const notifier = new sdk.Notifier({ client, pool });
const { template } = config;

const outcomes = await Promise.all(
  Array.from({ length: config.concurrency }, async (_, index) => {
    const tag = `w${config.worker}-${index}`;
    const openid = config.openids ? config.openids[index % config.openids.length] : config.openid;
    try {
      const result = await notifier.notify({
        openid,
        template,
        data: config.data ?? { place: 'TIT造舰厂', time: '2026年11月26日', item: tag },
      });
      return { tag, openid, ok: true, ...result };
    } catch (error) {
      return {
        tag,
        openid,
        ok: false,
        error: error?.name ?? String(error),
        errcode: error?.errcode ?? error?.cause?.errcode,
        message: error?.message,
      };
    }
  }),
);
await close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
