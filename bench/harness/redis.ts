import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { stopChild } from './emulator-process.js';

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
 * jobs on the machine neither slow it down nor show up in its INFO; otherwise 127.0.0.1:6379.
 */
export async function startBenchRedis(url: string | undefined): Promise<BenchRedis> {
  if (url) return { url, isPrivate: false, pid: undefined, stop: async () => {} };
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = await spawnRedis(port);
  } catch {
    return {
      url: 'redis://127.0.0.1:6379',
      isPrivate: false,
      pid: undefined,
      stop: async () => {},
    };
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    isPrivate: true,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', resolve);
  });
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return child;
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new Error('redis-server did not start');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A key prefix no other run shares. */
export function benchPrefix(label: string): string {
  return `wxtpl-bench:${label}:${randomUUID()}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** `calls` per command from `INFO commandstats`. */
export async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match?.[1] && match[2]) calls.set(match[1], Number(match[2]));
  }
  return calls;
}

/** Calls per command between two snapshots, zeros left out. */
export function callsDelta(
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [name, count] of after) {
    const diff = count - (before.get(name) ?? 0);
    if (diff !== 0) delta[name] = diff;
  }
  return delta;
}
