// Heap growth per 10,000 notifies with the memory store: a least-squares slope over heapUsed
// after full GCs at every 10,000 notifies, in a child process run with --expose-gc.

import { Worker } from './harness/child.js';
import type { BenchContext } from './harness/context.js';
import { registerBenchApp } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';
import { slope } from './harness/stats.js';

/**
 * "Flat": under 0.5 MB per 10,000 notifies, i.e. about 50 bytes per notify. Anything a notify
 * kept for good (a formId string, a Map entry, a closure, a timer) costs more than that, so a
 * per-notify leak shows above it, while GC noise between checkpoints stays well below.
 */
const THRESHOLD_MB_PER_10K = 0.5;
const MB = 1024 * 1024;

interface MemoryOutcome {
  checkpoints: { notifies: number; heapUsed: number }[];
  seconds: number;
}

export async function notifyMemory(ctx: BenchContext): Promise<BenchResult[]> {
  const notifies = ctx.quick ? 20_000 : 100_000;
  const app = await registerBenchApp(ctx.emulator.control, 'heap');
  const worker = new Worker(new URL('./workers/memory-worker.ts', import.meta.url), [
    '--expose-gc',
  ]);
  let outcome: MemoryOutcome;
  try {
    progress(`memory: ${notifies.toLocaleString('en-US')} notifies after a 10,000 warm-up…`);
    outcome = await worker.call<MemoryOutcome>('run', {
      url: ctx.emulator.url,
      app,
      warmUp: 10_000,
      notifies,
      checkpointEvery: 10_000,
    });
  } finally {
    await worker.stop();
  }
  const { checkpoints } = outcome;
  const mbPer10k = slope(
    checkpoints.map((c) => c.notifies / 10_000),
    checkpoints.map((c) => c.heapUsed / MB),
  );
  const first = checkpoints[0]?.heapUsed ?? 0;
  const last = checkpoints.at(-1)?.heapUsed ?? 0;
  progress(
    `memory: ${mbPer10k.toFixed(3)} MB per 10k notifies (heap ${(first / MB).toFixed(1)} → ${(last / MB).toFixed(1)} MB, ${Math.round(notifies / outcome.seconds)} notifies/s)`,
  );
  return [
    {
      id: 'memory.heap-growth',
      benchmark: `heap growth over ${notifies.toLocaleString('en-US')} notifies (memory store)`,
      figure: Math.round(mbPer10k * 1000) / 1000,
      unit: 'MB / 10k notifies',
      baseline: null,
      ratio: null,
      target: `< ${THRESHOLD_MB_PER_10K} (flat)`,
      pass: mbPer10k < THRESHOLD_MB_PER_10K,
      details: {
        heapUsedMB: checkpoints.map((c) => ({
          notifies: c.notifies,
          mb: Math.round((c.heapUsed / MB) * 100) / 100,
        })),
        seconds: Math.round(outcome.seconds * 10) / 10,
      },
    },
  ];
}
