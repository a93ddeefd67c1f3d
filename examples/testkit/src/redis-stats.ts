import type { Redis } from 'ioredis';

/** `calls` per command from `INFO commandstats`, e.g. `{ evalsha: 12, zadd: 3 }`. */
export async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match?.[1] && match[2]) calls[match[1]] = Number(match[2]);
  }
  return calls;
}

/** Calls per command between two snapshots, zero entries left out. */
export function callsDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    const diff = count - (before[name] ?? 0);
    if (diff !== 0) delta[name] = diff;
  }
  return delta;
}

/** Counts the commands a client writes to its connection (one per round trip outside pipelines). */
export function countCommands(redis: Redis): { readonly count: number; stop(): void } {
  const original = redis.sendCommand.bind(redis);
  const counter = { count: 0 };
  redis.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    counter.count += 1;
    return original(...args);
  }) as Redis['sendCommand'];
  return {
    get count() {
      return counter.count;
    },
    stop() {
      redis.sendCommand = original;
    },
  };
}
