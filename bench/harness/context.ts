import type { EmulatorProcess } from '@wxtpl/testkit';
import type { BenchRedis } from './redis.js';

/** What every benchmark gets from the runner. */
export interface BenchContext {
  emulator: EmulatorProcess;
  redis: BenchRedis;
  /** Smaller samples: a smoke run, figures indicative only. */
  quick: boolean;
}
