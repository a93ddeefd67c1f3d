// `pnpm bench`: every benchmark, each figure next to its target and, where it has one, a baseline
// measured in the same run (the machine is shared: absolute figures move, ratios much less).
// Progress on stderr; the Markdown table (or, with --json, the report) on stdout; the report
// also in bench/results/latest.json. Exit status 1 when a target is missed.
import { startEmulatorProcess } from '@wxtpl/testkit';
import { campaignThroughput } from './campaign.js';
import { emulatorSubscribeSend } from './emulator-subscribe-send.js';
import { type BenchmarkName, type BenchOptions, parseBenchArgs, USAGE } from './harness/args.js';
import type { BenchContext } from './harness/context.js';
import { elapsedSeconds, progress } from './harness/progress.js';
import { startBenchRedis } from './harness/redis.js';
import {
  type BenchReport,
  type BenchResult,
  currentLoad,
  machineInfo,
  renderTable,
  writeReport,
} from './harness/results.js';
import { collectorCost, miniprogramSize } from './miniprogram-cost.js';
import { notifyMemory } from './notify-memory.js';
import { notifyThroughput } from './notify-throughput.js';
import { redisRoundTrips } from './redis-round-trips.js';
import { subscribeCpu } from './subscribe-cpu.js';
import { takeCost } from './take-cost.js';
import { tokenContention } from './token-contention.js';

const RUNNERS: Record<BenchmarkName, (ctx: BenchContext) => Promise<BenchResult[]>> = {
  throughput: notifyThroughput,
  'round-trips': redisRoundTrips,
  tokens: tokenContention,
  size: miniprogramSize,
  collector: collectorCost,
  memory: notifyMemory,
  subscribe: emulatorSubscribeSend,
  'subscribe-cpu': subscribeCpu,
  campaign: campaignThroughput,
  'take-cost': takeCost,
};

const REPORT_FILE = new URL('./results/latest.json', import.meta.url);

async function main(options: BenchOptions): Promise<boolean> {
  const startedAt = new Date().toISOString();
  const loadStart = currentLoad();
  progress(`${options.quick ? 'quick' : 'full'} run: ${options.only.join(', ')}`);
  const emulator = await startEmulatorProcess();
  const redis = await startBenchRedis(options.redisUrl);
  progress(
    `emulator ${emulator.url} (own process); Redis ${redis.url}${redis.isPrivate ? ' (private)' : ' (shared: INFO may see other clients)'}`,
  );
  const ctx: BenchContext = { emulator, redis, quick: options.quick };
  const results: BenchResult[] = [];
  try {
    for (const name of options.only) {
      try {
        results.push(...(await RUNNERS[name](ctx)));
      } catch (error) {
        progress(`${name} failed: ${(error as Error)?.stack ?? error}`);
        results.push(failure(name, error));
      }
    }
  } finally {
    await emulator.close();
    await redis.stop();
  }
  const report: BenchReport = {
    startedAt,
    durationSeconds: Math.round(elapsedSeconds()),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    loadAverage: { start: loadStart, end: currentLoad() },
    pass: results.every((r) => r.pass || r.indicative === true),
    results,
  };
  writeReport(report, REPORT_FILE);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderTable(results)}\n\n`);
    const { cpus, node } = report.machine;
    const note = [
      results.some((r) => r.id.startsWith('notify.'))
        ? 'Throughput rows: each round pairs the SDK with its floor, alternating in short chunks; each row shows the round with the median SDK ÷ floor ratio (c=1: 21 rounds, else 11).'
        : '',
      `${cpus} CPUs, Node ${node}, load average`,
      `${loadStart.join(' ')} → ${report.loadAverage.end.join(' ')}, ${report.durationSeconds} s.`,
      'Details: bench/results/latest.json',
    ];
    process.stdout.write(`${note.filter(Boolean).join(' ')}\n`);
  }
  for (const miss of results.filter((r) => !r.pass && !r.indicative)) {
    process.stderr.write(
      `target missed: ${miss.benchmark}: ${miss.figure} ${miss.unit}${miss.ratio === null ? '' : `, ratio ${miss.ratio.toFixed(3)}`} (target: ${miss.target})\n`,
    );
  }
  return report.pass;
}

function failure(name: BenchmarkName, error: unknown): BenchResult {
  return {
    id: `${name}.error`,
    benchmark: `${name}: did not complete (${(error as Error)?.message ?? error})`,
    figure: Number.NaN,
    unit: '',
    baseline: null,
    ratio: null,
    target: 'completes',
    pass: false,
  };
}

let options: BenchOptions | 'help';
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else {
  const passed = await main(options);
  process.exitCode = passed ? 0 : 1;
}
