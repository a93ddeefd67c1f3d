/**
 * What the test setup pretends is missing, to check its fallbacks on a machine that has
 * everything: `WXTPL_TEST_PRETEND_MISSING=chromium,apt` runs the tests as on a machine without
 * Chromium and without apt-get (see the testkit README).
 *
 * - `chromium`: `/usr/bin/chromium` is not looked at (`CHROME_PATH` still is);
 * - `apt`: apt-get is not used to install anything;
 * - `redis`: no Redis answers (neither `WXTPL_TEST_REDIS_URL` nor 127.0.0.1:6379);
 * - `redis-server`: no redis-server binary to start a private one.
 */
export type Pretendable = 'chromium' | 'apt' | 'redis' | 'redis-server';

export const PRETEND_VARIABLE = 'WXTPL_TEST_PRETEND_MISSING';

export function pretendMissing(what: Pretendable): boolean {
  return (process.env[PRETEND_VARIABLE] ?? '')
    .split(',')
    .map((item) => item.trim())
    .includes(what);
}
