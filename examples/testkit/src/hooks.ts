import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type EmulatorWithTemplate,
  startTestEmulator,
  type TestEmulator,
  type TestEmulatorOptions,
} from './emulator.ts';
import { openRedisStore, type RedisTestStore } from './redis.ts';

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
  let started: TestEmulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator(options);
  }, timeoutMs);
  beforeEach(async () => {
    await started?.clearFaults();
  });
  afterAll(async () => {
    await started?.close();
  });
  return onceStarted('the test emulator', () => started);
}

/**
 * A Redis store of a test file (or describe block) under a fresh prefix of `label`: opened before
 * all its tests, its keys deleted and its clients closed after all. Usable as the fixture itself
 * once `beforeAll` has run, like {@link useTestEmulator}.
 */
export function useRedisStore(label: string, timeoutMs?: number): RedisTestStore {
  let opened: RedisTestStore | undefined;
  beforeAll(async () => {
    opened = await openRedisStore(label);
  }, timeoutMs);
  afterAll(async () => {
    await opened?.close();
  });
  return onceStarted('the test Redis store', () => opened);
}

/** Stands for the fixture that `current` returns once `beforeAll` has made it. */
function onceStarted<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const started = current();
      if (!started) throw new Error(`${what} starts in beforeAll`);
      return started[key as keyof T];
    },
    has: (_, key) => {
      const started = current();
      return started !== undefined && key in started;
    },
    ownKeys: () => {
      const started = current();
      return started ? Reflect.ownKeys(started) : [];
    },
    getOwnPropertyDescriptor: (_, key) => {
      const started = current();
      return started ? Reflect.getOwnPropertyDescriptor(started, key) : undefined;
    },
  });
}
