import type { Redis } from 'ioredis';

/** Calls and Redis µs of one command, or of one script (by its sha and its first key's last part). */
export interface CommandCost {
  calls: number;
  usec: number;
}

/** Starts logging every command Redis runs (a private server only: this changes its config). */
export async function startSlowlog(redis: Redis): Promise<void> {
  await redis.config('SET', 'slowlog-log-slower-than', '0');
  await redis.config('SET', 'slowlog-max-len', '1000000');
  await redis.slowlog('RESET');
}

/**
 * What the commands logged since {@link startSlowlog} cost, most expensive first, and stops
 * logging. Scripts are told apart by sha and first key (`script 1a2b3c4d takes`); other commands
 * count by name unless `scriptsOnly`.
 */
export async function slowlogCosts(
  redis: Redis,
  options: { scriptsOnly?: boolean } = {},
): Promise<[string, CommandCost][]> {
  const entries = (await redis.slowlog('GET', 1_000_000)) as [number, number, number, string[]][];
  await redis.config('SET', 'slowlog-log-slower-than', '10000');
  const costs = new Map<string, CommandCost>();
  for (const [, , usec, args] of entries) {
    const command = (args[0] ?? '').toLowerCase();
    if (options.scriptsOnly && command !== 'evalsha') continue;
    const key =
      command === 'evalsha'
        ? `script ${(args[1] ?? '').slice(0, 8)} ${(args[3] ?? '').split(':').pop()}`
        : command;
    const cost = costs.get(key) ?? { calls: 0, usec: 0 };
    cost.calls += 1;
    cost.usec += usec;
    costs.set(key, cost);
  }
  return [...costs].sort((a, b) => b[1].usec - a[1].usec);
}
