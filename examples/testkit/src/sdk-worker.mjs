// The start of every server process a test spawns: plain JavaScript run by node, as an app runs,
// importing the BUILT server SDK (`config.sdkUrl`, see `builtPackage('server-sdk').indexUrl`)
// with a Redis store, so that several such processes share tokens and credits.

/**
 * @param {{ sdkUrl: string, redisUrl: string, prefix: string, appId: string, appSecret: string,
 *   baseUrl: string, retry: { retries: number, minDelayMs: number, maxDelayMs: number } }} config
 */
export async function connectSdk(config) {
  const sdk = await import(config.sdkUrl);
  const store = sdk.createRedisStore(config.redisUrl, { prefix: config.prefix });
  const client = new sdk.WeChatClient({
    appId: config.appId,
    appSecret: config.appSecret,
    baseUrl: config.baseUrl,
    store,
    retry: config.retry,
  });
  const close = () => Promise.all([client.close(), store.close()]);
  return { sdk, store, client, close };
}
