export { type BuiltPackage, buildStale, builtPackage, staleBuilds } from './built-package.ts';
export { startCampaignWorker, type WorkerProcess } from './campaign-workers.ts';
export { freePort, stopChild, waitForOutput } from './children.ts';
export {
  type ChromiumLookup,
  chromiumForTests,
  DEBIAN_CHROMIUM,
  findChromium,
  launchChromium,
} from './chromium.ts';
export { clientFor, FAST_RETRY } from './client.ts';
export { type ManualClock, manualClock } from './clock.ts';
export {
  appConfig,
  bindEmulator,
  type EmulatorWithTemplate,
  freshApp,
  PAGES,
  startTestEmulator,
  type TestApp,
  type TestEmulator,
  type TestEmulatorOptions,
} from './emulator.ts';
export { type EmulatorProcess, startEmulatorProcess } from './emulator-process.ts';
export { artifactsDir, PACKAGES, type PackageName, packageDir, REPO_ROOT } from './paths.ts';
export { encryptPush, signPush } from './push.ts';
export { type RawAnswer, rawHttp } from './raw-http.ts';
export {
  deleteKeys,
  openRedisStore,
  openTestStore,
  type RedisKeys,
  type RedisTestStore,
  redisKeys,
  runPrefix,
  type TestStore,
  testRedis,
  testRedisUrl,
  uniquePrefix,
} from './redis.ts';
export {
  type PrivateRedis,
  type PrivateRedisOptions,
  privateRedis,
  redisServerInstalled,
  startPrivateRedis,
} from './redis-server.ts';
export { callsDelta, commandCalls, countCommands } from './redis-stats.ts';
export {
  addPurchaseTemplate,
  PURCHASE,
  type PurchaseTemplate,
  purchaseData,
  purchaseTemplate,
  sendPayload,
} from './templates.ts';
