import { describe, expect, it } from 'vitest';
import { createRedisStore, StoreTimeoutError } from '../src/store/redis.js';

// A client whose commands wait until told: `answer()` settles every command waiting.
function slowClient() {
  const waiting: ((value: string) => void)[] = [];
  const command = () => new Promise<string>((resolve) => waiting.push(resolve));
  const client = {
    status: 'ready',
    defineCommand() {},
    get: command,
    set: command,
    zadd: command,
    zscan: command,
    zrangebylex: command,
    hkeys: command,
    quit: command,
    disconnect() {},
    once() {},
    on() {},
  };
  return {
    client,
    answer(value = 'OK') {
      for (const resolve of waiting.splice(0)) resolve(value);
    },
  };
}

describe('Redis store command bounds (one timer for every pending command)', () => {
  it('ends each wait at its own deadline, answered or not, and again after an idle spell', async () => {
    const { client, answer } = slowClient();
    const store = createRedisStore(client, { commandTimeoutMs: 80 });
    const started = performance.now();
    const first = store.get('a').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const second = store.get('b').catch((error: unknown) => error);
    const firstError = await first;
    const firstAt = performance.now() - started;
    expect(firstError).toBeInstanceOf(StoreTimeoutError);
    expect(firstAt).toBeGreaterThanOrEqual(75);
    expect(firstAt).toBeLessThan(1000);
    expect(await second).toBeInstanceOf(StoreTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    // An answer in time wins; a late answer to a timed-out command changes nothing.
    const third = store.get('c');
    answer('value');
    expect(await third).toBe('value');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const fourth = store.get('d').catch((error: unknown) => error);
    const fourthStarted = performance.now();
    expect(await fourth).toBeInstanceOf(StoreTimeoutError);
    expect(performance.now() - fourthStarted).toBeGreaterThanOrEqual(75);
    answer();
  });

  it('rejects with the command error as soon as it fails', async () => {
    const failing = slowClient();
    const boom = new Error('boom');
    failing.client.get = () => Promise.reject(boom);
    const store = createRedisStore(failing.client, { commandTimeoutMs: 1000 });
    await expect(store.get('a')).rejects.toBe(boom);
  });
});
