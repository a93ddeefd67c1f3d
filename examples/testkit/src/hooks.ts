import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type EmulatorWithTemplate,
  startTestEmulator,
  type TestEmulator,
  type TestEmulatorOptions,
} from './emulator.ts';

/**
 * The emulator of a test file (or describe block): started before all its tests, without faults
 * before each, closed after all. Usable as the fixture itself once `beforeAll` has run, so a file
 * reads `const emu = useTestEmulator()` and then `emu.control`, `emu.template`, `clientFor(emu)`.
 */
export function useTestEmulator(
  options: TestEmulatorOptions & { purchaseTemplate: true },
): EmulatorWithTemplate;
export function useTestEmulator(options?: TestEmulatorOptions): TestEmulator;
export function useTestEmulator(options: TestEmulatorOptions = {}): TestEmulator {
  let started: TestEmulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator(options);
  });
  beforeEach(async () => {
    await started?.clearFaults();
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TestEmulator, {
    get(_, key) {
      if (!started) throw new Error('the test emulator starts in beforeAll');
      return started[key as keyof TestEmulator];
    },
    has: (_, key) => started !== undefined && key in started,
    ownKeys: () => (started ? Reflect.ownKeys(started) : []),
    getOwnPropertyDescriptor: (_, key) =>
      started ? Reflect.getOwnPropertyDescriptor(started, key) : undefined,
  });
}
