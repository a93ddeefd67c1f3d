import { parseArgs } from 'node:util';

export const BENCHMARKS = [
  'throughput',
  'round-trips',
  'tokens',
  'size',
  'collector',
  'memory',
  'subscribe',
  'subscribe-cpu',
  'campaign',
  'take-cost',
] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  only: BenchmarkName[];
  redisUrl: string | undefined;
}

export const USAGE = `usage: pnpm bench [--quick] [--json] [--only NAME[,NAME…]] [--redis-url URL]

  --quick          smaller samples: a smoke run (about 30 s); throughput ratios are
                   indicative only and never fail the run
  --json           print the JSON report instead of the Markdown table
  --only NAMES     run only these: ${BENCHMARKS.join(', ')}
  --redis-url URL  use this Redis (default: a private redis-server on a free port when one is
                   installed, else redis://127.0.0.1:6379)

WXTPL_BENCH_CAMPAIGN_USERS=N sizes the campaign rows' audience (default 12,000; 3,000 with
--quick); e.g. 100000 for the throughput figure, 1000000 for the workers' memory;
WXTPL_BENCH_CAMPAIGN_WORKERS=N its worker processes (default 2);
WXTPL_BENCH_CAMPAIGN_STREAM=N adds the workers' memory while streaming N users (e.g. 1000000).

Writes bench/results/latest.json; exits 1 when a target is missed, 2 on bad usage.`;

/** Parses argv; throws on unknown options or names. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'redis-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const only = values.only ? values.only.split(',').map((name) => name.trim()) : [...BENCHMARKS];
  for (const name of only) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) {
      throw new Error(`unknown benchmark ${JSON.stringify(name)}`);
    }
  }
  return {
    json: values.json,
    quick: values.quick,
    only: only as BenchmarkName[],
    redisUrl: values['redis-url'],
  };
}
