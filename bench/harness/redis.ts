import { redisServerInstalled, startPrivateRedis, testRedisUrl } from '@wxtpl/testkit';
import { Redis } from 'ioredis';

/** The Redis the benchmarks use. */
export interface BenchRedis {
  url: string;
  /** True for a redis-server started by the bench: nobody else's commands in INFO. */
  isPrivate: boolean;
  /** The private redis-server's process id. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * `url` when given; otherwise a private `redis-server` on a free port (no persistence), so other
 * jobs on the machine neither slow it down nor show up in its INFO; otherwise the tests' Redis
 * (`WXTPL_TEST_REDIS_URL`, else 127.0.0.1:6379).
 */
export async function startBenchRedis(url: string | undefined): Promise<BenchRedis> {
  const shared = (at: string) => ({
    url: at,
    isPrivate: false,
    pid: undefined,
    stop: async () => {},
  });
  if (url) return shared(url);
  if (!redisServerInstalled()) return shared(testRedisUrl());
  const server = await startPrivateRedis();
  return { url: server.url, isPrivate: true, pid: server.pid, stop: () => server.stop() };
}

/**
 * A bare ioredis client set up as the Redis store's own connection (ioredis defaults, one command
 * per write), for the floors the SDK is measured against.
 */
export function bareRedis(url: string): Redis {
  return new Redis(url);
}
