// The vitest global setup of `pnpm test` (root vitest.config.ts) and of the reliability suite:
// once per run, before any test file, it rebuilds stale packages, finds or starts Redis and finds
// (or installs) Chromium; what it found reaches the test workers through their environment.
import { buildStale } from './built-package.ts';
import { testRunId } from './redis.ts';
import { provideChromium, provideRedis, say, TestSetupError } from './services.ts';

/**
 * Prepares a run; resolves to its teardown. What the run cannot do without ends it with exit
 * status 1 and one line saying how to get it (vitest would bury that line under its own).
 */
export async function prepareRun(options: { chromium: boolean }): Promise<() => Promise<void>> {
  testRunId();
  await buildStale(say);
  let releaseRedis: () => Promise<void>;
  try {
    releaseRedis = await provideRedis();
  } catch (error) {
    if (!(error instanceof TestSetupError)) throw error;
    say(error.message);
    process.exit(1);
  }
  if (options.chromium) await provideChromium();
  return releaseRedis;
}

export default function setup(): Promise<() => Promise<void>> {
  return prepareRun({ chromium: true });
}
