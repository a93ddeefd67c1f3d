import { randomUUID } from 'node:crypto';
import {
  createWxRuntime,
  DEFAULT_APP_ID,
  type RunningEmulator,
  startEmulator,
  type WxRuntime,
  type WxStorage,
} from '@wxtpl/emulator';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import {
  type Collector,
  type CollectorError,
  type CollectorOptions,
  createCollector,
  type FlushResult,
} from '../../src/index.js';
import {
  type CollectBackend,
  type CollectBackendOptions,
  startCollectBackend,
} from './collect-backend.js';

/** Timers the collector uses; Date too, so expiry and backoff follow the virtual clock. */
export const FAKED = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'Date',
] as const;

/** Upper bound of the n-th backoff delay (2 s doubling, jitter only shortens it). */
export const maxBackoff = (attempt: number) => Math.min(300_000, 2000 * 2 ** (attempt - 1));

/** One user's phone and the app's backend, wired to the emulator. */
export interface Harness {
  openid: string;
  backend: CollectBackend;
  /** Real formIds minted by the emulator for this user (call before `useFakeTimers`). */
  mint(count: number): Promise<string[]>;
  /** The session the app presents (`Authorization: Bearer <session>`). */
  session: { value: string };
  /** A phone runtime: a new one over the old storage models a relaunch. */
  phone(storage?: WxStorage): WxRuntime;
  /** A collector on `runtime`, recording errors and flushes. */
  collector(runtime: WxRuntime, options?: Partial<CollectorOptions>): Recorded;
  close(): Promise<void>;
}

/** A collector plus what it reported. */
export interface Recorded {
  collector: Collector;
  errors: CollectorError[];
  flushes: FlushResult[];
  /** Resolves with the next upload's outcome. */
  nextFlush(): Promise<FlushResult>;
  /**
   * The outcomes of `first` and of the uploads that follow it until nothing waits (a backlog goes
   * in batches of at most `batchSize`) or one fails.
   */
  drained(first: Promise<FlushResult>): Promise<FlushResult[]>;
}

/** Builds a fresh user, backend and collector factory against a running emulator. */
export async function harness(
  emulator: RunningEmulator,
  backendOptions: CollectBackendOptions = {},
): Promise<Harness> {
  const openid = `o-${randomUUID()}`;
  const backend = await startCollectBackend(DEFAULT_APP_ID, openid, backendOptions);
  const collectors: Collector[] = [];
  const session = { value: 's1' };
  return {
    openid,
    backend,
    session,
    mint: (count) => emulator.control.formIds({ appId: DEFAULT_APP_ID, openid, count }),
    phone: (storage) =>
      createWxRuntime({
        emulatorUrl: emulator.url,
        appId: DEFAULT_APP_ID,
        openid,
        ...(storage ? { storage } : {}),
      }),
    collector(runtime, options = {}) {
      const errors: CollectorError[] = [];
      const flushes: FlushResult[] = [];
      const waiting: Array<(result: FlushResult) => void> = [];
      const collector = createCollector({
        endpoint: backend.url,
        wx: runtime.wx,
        header: () => ({ Authorization: `Bearer ${session.value}` }),
        onError: (error) => errors.push(error),
        onFlush: (result) => {
          flushes.push(result);
          for (const resolve of waiting.splice(0)) resolve(result);
        },
        ...options,
      });
      collectors.push(collector);
      const nextFlush = () => new Promise<FlushResult>((resolve) => waiting.push(resolve));
      return {
        collector,
        errors,
        flushes,
        nextFlush,
        async drained(first) {
          const results = [await first];
          while (collector.pending() > 0 && results.at(-1)?.error === null) {
            results.push(await nextFlush());
          }
          return results;
        },
      };
    },
    async close() {
      for (const collector of collectors) collector.destroy();
      vi.useRealTimers();
      await backend.close();
    },
  };
}

/** A test file's emulator and the harness of its current test. */
export interface HarnessFixture {
  readonly emulator: RunningEmulator;
  /** A fresh harness for this test, closed after it. */
  harness(options?: Parameters<typeof harness>[1]): Promise<Harness>;
  /**
   * The usual start of a test: a fresh harness, `count` real formIds minted while the timers are
   * still real, then (with `fakeTimers`) the clock faked, and a phone.
   */
  start(
    count: number,
    options?: Parameters<typeof harness>[1] & { fakeTimers?: boolean },
  ): Promise<{ h: Harness; ids: string[]; phone: WxRuntime }>;
}

/**
 * Registers a test file's hooks: one emulator for the file, and whatever harness a test opens
 * closed after that test. Call it at the top level of the file.
 */
export function harnessPerTest(): HarnessFixture {
  let emulator: RunningEmulator | undefined;
  let current: Harness | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('the emulator starts in beforeAll');
      return emulator;
    },
    async harness(options) {
      current = await harness(this.emulator, options);
      return current;
    },
    async start(count, { fakeTimers = false, ...options } = {}) {
      const h = await this.harness(options);
      const ids = await h.mint(count);
      if (fakeTimers) vi.useFakeTimers({ toFake: [...FAKED] });
      return { h, ids, phone: h.phone() };
    },
  };
}
