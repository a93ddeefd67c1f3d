// A separate server process of the multi-process token test. It imports the BUILT package
// (path in argv[2]) and answers the parent's commands over IPC.
const [modulePath, configJson] = process.argv.slice(2);
const { WeChatClient, createRedisStore } = await import(modulePath);
const config = JSON.parse(configJson);
const store = createRedisStore(config.redisUrl, { prefix: config.prefix });
const client = new WeChatClient({
  appId: config.appId,
  appSecret: config.appSecret,
  baseUrl: config.baseUrl,
  store,
  retry: { retries: 3, minDelayMs: 5, maxDelayMs: 50 },
});

const commands = {
  tokens: async (n) => Promise.all(Array.from({ length: n }, () => client.getAccessToken())),
  list: async (n) => {
    const pages = await Promise.all(
      Array.from({ length: n }, () => client.templates.list({ offset: 0, count: 1 })),
    );
    if (!pages.every((page) => page.errcode === 0)) throw new Error('a list call failed');
    return [await client.getAccessToken()];
  },
};

process.on('message', async (message) => {
  if (message.cmd === 'exit') {
    await client.close();
    await store.close();
    process.disconnect();
    return;
  }
  try {
    const tokens = await commands[message.cmd](message.n);
    process.send({ id: message.id, ok: true, tokens: [...new Set(tokens)] });
  } catch (error) {
    process.send({ id: message.id, ok: false, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });
