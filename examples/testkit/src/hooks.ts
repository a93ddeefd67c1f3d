import { createRedisStore, type RedisStore, type RedisStoreOptions } from '@wxtpl/server-sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type EmulatorWithTemplate,
  startTestEmulator,
  type TestEmulator,
  type TestEmulatorOptions,
} from './emulator.ts';
import { openRedisStore, type RedisTestStore } from './redis.ts';
import { type PrivateRedis, startPrivateRedis } from './redis-server.ts';

/**
 * The emulator of a test file (or describe block): started before all its tests, without faults
 * before each, closed after all. Usable as the fixture itself once `beforeAll` has run, so a file
 * reads `const emu = useTestEmulator()` and then `emu.control`, `emu.template`, `clientFor(emu)`.
 * `timeoutMs` bounds its start where the default hook timeout is too short (a loaded machine).
 */
export function useTestEmulator(
  options: TestEmulatorOptions & { purchaseTemplate: true },
  timeoutMs?: number,
): EmulatorWithTemplate;
export function useTestEmulator(options?: TestEmulatorOptions, timeoutMs?: number): TestEmulator;
export function useTestEmulator(
  options: TestEmulatorOptions = {},
  timeoutMs?: number,
): TestEmulator {
  const emulator = useStarted(
    'the test emulator',
    () => startTestEmulator(options),
    (started) => started.close(),
    timeoutMs,
  );
  beforeEach(async () => {
    await emulator.current()?.clearFaults();
  });
  return emulator.fixture;
}

/**
 * A Redis store of a test file (or describe block) under a fresh prefix of `label`: opened before
 * all its tests, its keys deleted and its clients closed after all. Usable as the fixture itself
 * once `beforeAll` has run, like {@link useTestEmulator}.
 */
export function useRedisStore(label: string, timeoutMs?: number): RedisTestStore {
  return useStarted(
    'the test Redis store',
    () => openRedisStore(label),
    (opened) => opened.close(),
    timeoutMs,
  ).fixture;
}

/** A private Redis server, a store on it and a second client to inspect it. */
export interface PrivateRedisStore {
  redis: PrivateRedis;
  store: RedisStore;
  inspector: Redis;
}

/**
 * A private Redis server of a test file (or describe block), for tests that freeze, crash or fill
 * it, with a store on it under `options` and an inspecting client: started before all its tests,
 * thawed and stopped after all. Usable as the fixture itself once `beforeAll` has run.
 */
export function usePrivateRedisStore(options: RedisStoreOptions): PrivateRedisStore {
  return useStarted(
    'the private Redis store',
    async () => {
      const redis = await startPrivateRedis();
      return {
        redis,
        store: createRedisStore(redis.url, options),
        inspector: new Redis(redis.url),
      };
    },
    async ({ redis, store, inspector }) => {
      redis.thaw();
      inspector.disconnect();
      await store.close();
      await redis.stop();
    },
    undefined,
  ).fixture;
}

/**
 * Starts a fixture before all tests and stops it after all. `fixture` stands for it once
 * `beforeAll` has made it; `current()` is it, or undefined while there is none.
 */
function useStarted<T extends object>(
  what: string,
  start: () => Promise<T>,
  stop: (started: T) => Promise<void>,
  timeoutMs: number | undefined,
): { fixture: T; current: () => T | undefined } {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(async () => {
    if (started) await stop(started);
  });
  const fixture = new Proxy({} as T, {
    get(_, key) {
      if (!started) throw new Error(`${what} starts in beforeAll`);
      return started[key as keyof T];
    },
    has: (_, key) => started !== undefined && key in started,
    ownKeys: () => (started ? Reflect.ownKeys(started) : []),
    getOwnPropertyDescriptor: (_, key) =>
      started ? Reflect.getOwnPropertyDescriptor(started, key) : undefined,
  });
  return { fixture, current: () => started };
}
