// The vitest global setup of `pnpm test` (root vitest.config.ts) and of the reliability suite:
// once per run, before any test file, it rebuilds stale packages, finds or starts Redis and finds
// (or installs) Chromium; what it found reaches the test workers through their environment.
import { buildStale } from './built-package.ts';
import { testRunId } from './redis.ts';
import { provideChromium, provideRedis, say } from './services.ts';

/** Prepares a run; resolves to its teardown. */
export async function prepareRun(options: { chromium: boolean }): Promise<() => Promise<void>> {
  testRunId();
  await buildStale(say);
  const releaseRedis = await provideRedis();
  if (options.chromium) await provideChromium();
  return releaseRedis;
}

export default function setup(): Promise<() => Promise<void>> {
  return prepareRun({ chromium: true });
}
