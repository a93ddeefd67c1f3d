import { Redis } from 'ioredis';
import {
  CHROMIUM_PACKAGES,
  canInstallWithApt,
  findChromium,
  installChromium,
  reportChromiumMissing,
} from './chromium.ts';
import { pretendMissing } from './pretend.ts';
import {
  DEFAULT_REDIS_URL,
  deleteKeys,
  REDIS_URL_VARIABLE,
  runPrefix,
  TEST_KEY_ROOT,
} from './redis.ts';
import { redisServerInstalled, startPrivateRedis } from './redis-server.ts';

/** A line for the person running the tests (stderr: stdout belongs to the reporter). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A setup failure the run cannot go on without: vitest prints its message, one line, no stack. */
export class TestSetupError extends Error {
  override name = 'TestSetupError';
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** `redis://user:secret@host` → `redis://***@host`: URLs in lines never show a password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

async function answers(url: string): Promise<boolean> {
  if (pretendMissing('redis')) return false;
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Finds the Redis of the run — `WXTPL_TEST_REDIS_URL`, else 127.0.0.1:6379, else a private
 * redis-server on a free port — and publishes its URL in `WXTPL_TEST_REDIS_URL` for the test
 * workers. Resolves to the teardown: the run's keys are swept (SCAN of the run's own prefix) or
 * the private server stopped.
 */
export async function provideRedis(): Promise<() => Promise<void>> {
  const configured = process.env[REDIS_URL_VARIABLE];
  if (configured) {
    if (!(await answers(configured))) {
      throw new TestSetupError(
        `redis: nothing answers at ${REDIS_URL_VARIABLE}=${redactUrl(configured)}; start that server or unset the variable`,
      );
    }
    return sweepRunKeys(configured);
  }
  if (await answers(DEFAULT_REDIS_URL)) {
    process.env[REDIS_URL_VARIABLE] = DEFAULT_REDIS_URL;
    return sweepRunKeys(DEFAULT_REDIS_URL);
  }
  if (pretendMissing('redis-server') || !redisServerInstalled()) {
    throw new TestSetupError(
      `redis: none at 127.0.0.1:6379 and no redis-server to start one: install Redis (Debian: apt-get install redis-server) or set ${REDIS_URL_VARIABLE}=redis://HOST:PORT`,
    );
  }
  const server = await startPrivateRedis();
  process.env[REDIS_URL_VARIABLE] = server.url;
  say(
    `redis: none at 127.0.0.1:6379; started a private redis-server at ${server.url} for this run`,
  );
  return () => server.stop();
}

function sweepRunKeys(url: string): () => Promise<void> {
  const prefix = runPrefix();
  if (!prefix.startsWith(TEST_KEY_ROOT)) throw new Error(`bad run prefix ${prefix}`);
  return async () => {
    const redis = new Redis(url, { maxRetriesPerRequest: 2 });
    try {
      await deleteKeys(redis, prefix);
    } finally {
      redis.disconnect();
    }
  };
}

/**
 * Finds Chromium (`CHROME_PATH`, else `/usr/bin/chromium`), installing Debian's when running as
 * root with apt-get; otherwise prints one line, and the browser tests skip with it.
 */
export async function provideChromium(): Promise<void> {
  const found = findChromium();
  if (found.path) {
    process.env.CHROME_PATH = found.path;
    return;
  }
  let why = found.missing;
  if (!process.env.CHROME_PATH && canInstallWithApt()) {
    say(
      `chromium: ${why}; installing Debian's ${CHROMIUM_PACKAGES.join(' and ')} with apt-get (a minute or two)…`,
    );
    try {
      process.env.CHROME_PATH = await installChromium(say);
      return;
    } catch (error) {
      why = `installing it failed: ${(error as Error).message}`;
    }
  }
  const line = `chromium: ${why} — browser tests skipped. Install Debian's chromium (apt-get install ${CHROMIUM_PACKAGES.join(' ')}) or set CHROME_PATH to a Chromium binary`;
  say(line);
  reportChromiumMissing(line);
}
