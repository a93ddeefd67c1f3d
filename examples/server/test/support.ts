// What this starter's tests need from their surroundings, self-contained so that a copy of the
// starter runs its tests outside the wxtpl repository (the repository's own test kit is private).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type RunningEmulator, startEmulator } from '@wxtpl/emulator';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { EMULATOR_DEFAULTS } from '../src/config.js';

export const PAGES = ['pages/booking/index', 'pages/order/index'];

/** An emulator on a free port serving the example's app (its emulator-mode credentials). */
export function startExampleEmulator(): Promise<RunningEmulator> {
  const { appId, appSecret } = EMULATOR_DEFAULTS;
  return startEmulator({ apps: [{ appId, appSecret, pages: PAGES }] });
}

/** The tests' Redis: `WXTPL_TEST_REDIS_URL`, else 127.0.0.1:6379, under a prefix of this run. */
export function testRedis(): { url: string; prefix: string } {
  return {
    url: process.env.WXTPL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: `wxtpl-test:example-server:${process.pid}:${randomUUID()}:`,
  };
}

/** Only this run's keys, never a FLUSH. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (found.length > 0) await redis.del(...found);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** Chromium for the browser test: `CHROME_PATH`, else Debian's; null when there is none. */
export function chromiumPath(): string | null {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

/**
 * Headless Chromium through playwright-core. `--no-sandbox` lets it run as root in a container;
 * nothing else is needed for a page on 127.0.0.1.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    headless: true,
    args: ['--no-sandbox'],
  });
}
