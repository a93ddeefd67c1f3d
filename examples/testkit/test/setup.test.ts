import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumForTests, DEBIAN_CHROMIUM, findChromium } from '../src/chromium.ts';
import { testRedisUrl } from '../src/redis.ts';
import { provideChromium, provideRedis } from '../src/services.ts';

/** What the setup prints, line by line. */
function captureLines(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the Redis of a run', () => {
  it('is a private redis-server when nothing answers on 127.0.0.1:6379, stopped at teardown', async () => {
    vi.stubEnv('WXTPL_TEST_REDIS_URL', '');
    vi.stubEnv('WXTPL_TEST_PRETEND_MISSING', 'redis');
    const lines = captureLines();
    const teardown = await provideRedis();
    const url = testRedisUrl();
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe('redis://127.0.0.1:6379');
    expect(lines).toEqual([
      `redis: none at 127.0.0.1:6379; started a private redis-server at ${url} for this run`,
    ]);
    const { Redis } = await import('ioredis');
    const redis = new Redis(url);
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
    await teardown();
    const gone = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    gone.on('error', () => {});
    await expect(gone.connect()).rejects.toThrow();
  });

  it('fails with one line saying how to get one when there is neither', async () => {
    vi.stubEnv('WXTPL_TEST_REDIS_URL', '');
    vi.stubEnv('WXTPL_TEST_PRETEND_MISSING', 'redis,redis-server');
    const error = await provideRedis().catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^redis: none at 127\.0\.0\.1:6379 and no redis-server to start one: install Redis \(Debian: apt-get install redis-server\) or set WXTPL_TEST_REDIS_URL=redis:\/\/HOST:PORT$/,
    );
    expect((error as Error).stack).not.toContain('\n');
  });

  it('never shows the password of WXTPL_TEST_REDIS_URL', async () => {
    vi.stubEnv('WXTPL_TEST_REDIS_URL', 'redis://user:hunter2@127.0.0.1:1');
    const error = await provideRedis().catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain('redis://***@127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('Chromium', () => {
  it('is CHROME_PATH when that is an executable', () => {
    vi.stubEnv('CHROME_PATH', process.execPath);
    expect(findChromium()).toEqual({ path: process.execPath, missing: null });
  });

  it('is missing, with the reason, when CHROME_PATH is no executable', () => {
    vi.stubEnv('CHROME_PATH', '/nonexistent/chrome');
    expect(findChromium()).toEqual({
      path: null,
      missing: 'CHROME_PATH=/nonexistent/chrome is no executable file',
    });
  });

  it('without Chromium and apt: one line, and the browser tests learn why they skip', async () => {
    vi.stubEnv('CHROME_PATH', '');
    vi.stubEnv('WXTPL_TEST_PRETEND_MISSING', 'chromium,apt');
    vi.stubEnv('WXTPL_TEST_CHROMIUM_MISSING', '');
    const lines = captureLines();
    await provideChromium();
    const line = `chromium: no Chromium: CHROME_PATH is unset and ${DEBIAN_CHROMIUM} is missing — browser tests skipped. Install Debian's chromium (apt-get install chromium fonts-wqy-microhei) or set CHROME_PATH to a Chromium binary`;
    expect(lines).toEqual([line]);
    expect(chromiumForTests()).toEqual({ path: null, missing: line });
  });
});
