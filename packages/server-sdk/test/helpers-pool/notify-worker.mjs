// A separate server process for the exactly-once test: imports the BUILT package and fires
// `concurrency` notifies at once for one user, then prints one JSON line of outcomes.
const config = JSON.parse(process.env.WXTPL_WORKER ?? '{}');
const sdk = await import(config.distUrl);

const store = sdk.createRedisStore(config.redisUrl, { prefix: config.prefix });
const client = new sdk.WeChatClient({
  appId: config.appId,
  appSecret: config.appSecret,
  baseUrl: config.baseUrl,
  store,
  retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
});
const pool = new sdk.FormIdPool({ store, appId: config.appId });
const notifier = new sdk.Notifier({ client, pool });
const template = {
  id: config.templateId,
  title: '购买成功通知',
  keywords: { place: 'keyword1', time: 'keyword2', item: 'keyword3' },
};

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
await store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
