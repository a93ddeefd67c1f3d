import { describe, expect, it, vi } from 'vitest';
import { harnessPerTest, maxBackoff } from './support/harness.js';

const fixture = harnessPerTest();

const STORAGE_KEY = 'wxtpl:formIds';

describe('createCollector: batching', () => {
  it('uploads once batchSize formIds wait, and not before', async () => {
    const { h, ids, phone } = await fixture.start(5, { fakeTimers: true });
    const { collector, nextFlush } = h.collector(phone, { batchSize: 5 });
    for (const id of ids.slice(0, 4)) expect(collector.add(id)).toBe(true);
    expect(phone.stats.requests).toBe(0);
    expect(collector.pending()).toBe(4);
    const flushed = nextFlush();
    collector.add(ids[4] as string);
    expect(phone.stats.requests).toBe(1);
    const result = await flushed;
    expect(result.error).toBeNull();
    expect(result.sent.map((item) => item.formId)).toEqual(ids);
    expect(result.response?.accepted.sort()).toEqual([...ids].sort());
    expect(collector.pending()).toBe(0);
    expect(phone.wx.getStorageSync(STORAGE_KEY)).toEqual([]);
    expect(await h.backend.pool.available(h.openid)).toBe(5);
  });

  it('never wedges on a backend that takes fewer items per upload: halves the batch until all arrive', async () => {
    const { h, ids, phone } = await fixture.start(30, { maxItems: 20 });
    // 30 queued while the backend was unreachable, with a batch larger than it accepts.
    phone.wx.setStorageSync(
      STORAGE_KEY,
      ids.map((formId) => ({ formId, createdAt: Date.now() })),
    );
    const { collector, flushes } = h.collector(phone, { batchSize: 50, flushIntervalMs: 0 });
    for (let i = 0; i < 10 && collector.pending() > 0; i++) await collector.flush();
    expect(collector.pending()).toBe(0);
    expect(h.backend.accepted.sort()).toEqual([...ids].sort());
    expect(await h.backend.pool.available(h.openid)).toBe(30);
    // The first uploads carried 30, then 25, and were refused (400 too_many); then at most 12.
    expect(flushes.map((f) => [f.sent.length, f.error?.statusCode ?? 200])).toEqual([
      [30, 400],
      [25, 400],
      [12, 200],
      [12, 200],
      [6, 200],
    ]);
  });

  it('uploads whatever waits when the interval elapses', async () => {
    const { h, ids, phone } = await fixture.start(3, { fakeTimers: true });
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 60_000 });
    for (const id of ids) collector.add(id);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(phone.stats.requests).toBe(0);
    const flushed = nextFlush();
    await vi.advanceTimersByTimeAsync(1);
    expect(phone.stats.requests).toBe(1);
    expect((await flushed).sent).toHaveLength(3);
    expect(collector.pending()).toBe(0);
    // Nothing waits: the next tick sends nothing.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(phone.stats.requests).toBe(1);
  });

  it('uploads when the app hides, and on show', async () => {
    const { h, ids, phone } = await fixture.start(3, { fakeTimers: true });
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    collector.add(ids[0] as string);
    collector.add(ids[1] as string);
    let flushed = nextFlush();
    phone.hide();
    expect(phone.stats.requests).toBe(1);
    expect((await flushed).sent).toHaveLength(2);
    collector.add(ids[2] as string);
    flushed = nextFlush();
    phone.show();
    expect((await flushed).sent.map((item) => item.formId)).toEqual([ids[2]]);
    expect(h.backend.accepted.sort()).toEqual([...ids].sort());
  });
});

describe('createCollector: one upload at a time', () => {
  it('flush() joins the upload in flight instead of starting another', async () => {
    const { h, ids, phone } = await fixture.start(2);
    const { collector } = h.collector(phone, { flushIntervalMs: 0 });
    for (const id of ids) collector.add(id);
    const first = collector.flush();
    const second = collector.flush();
    phone.hide();
    expect(second).toBe(first);
    expect(phone.stats.requests).toBe(1);
    expect((await first).sent).toHaveLength(2);
    expect((await collector.flush()).sent).toEqual([]);
    expect(phone.stats.requests).toBe(1);
  });

  it('debug logs what happens but never the session header', async () => {
    const { h, ids, phone } = await fixture.start(1);
    h.session.value = 'secret-session-token';
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    try {
      const { collector } = h.collector(phone, { flushIntervalMs: 0, debug: true });
      collector.add(ids[0] as string);
      await collector.flush();
    } finally {
      spy.mockRestore();
    }
    expect(lines.some((line) => line.startsWith('[wxtpl] upload'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret-session-token');
  });
});

describe('createCollector: what it keeps', () => {
  it('drops mock, failed, malformed and duplicate formIds without a write', async () => {
    const { h, ids, phone } = await fixture.start(1);
    const [id] = ids;
    const { collector } = h.collector(phone, { flushIntervalMs: 0 });
    expect(collector.add('the formId is a mock one')).toBe(false);
    expect(collector.add('requestFormId:fail timeout')).toBe(false);
    expect(collector.add('')).toBe(false);
    expect(collector.add(42 as unknown as string)).toBe(false);
    expect(phone.storage.writes).toBe(0);
    expect(collector.add(id as string)).toBe(true);
    expect(collector.add(id as string)).toBe(false);
    expect(phone.storage.writes).toBe(1);
    expect(collector.pending()).toBe(1);
  });

  it('stores before anything else: the storage holds a formId as soon as add returns', async () => {
    const { h, ids, phone } = await fixture.start(1);
    const [id] = ids;
    const { collector } = h.collector(phone, { batchSize: 1 });
    collector.add(id as string);
    expect(phone.stats.requests).toBe(1);
    expect(phone.wx.getStorageSync(STORAGE_KEY)).toEqual([
      { formId: id, createdAt: expect.any(Number) },
    ]);
    await collector.flush();
  });

  it('drops formIds that expired before they could be sent', async () => {
    const { h, ids, phone } = await fixture.start(1, { fakeTimers: true });
    const [id] = ids;
    const { collector } = h.collector(phone, { flushIntervalMs: 0 });
    collector.add(id as string);
    vi.setSystemTime(Date.now() + 7 * 24 * 3600_000);
    const result = await collector.flush();
    expect(result.sent).toEqual([]);
    expect(collector.pending()).toBe(0);
    expect(phone.stats.requests).toBe(0);
    expect(phone.wx.getStorageSync(STORAGE_KEY)).toEqual([]);
  });

  it('keeps at most maxStored, dropping those that expire first', async () => {
    const { h, ids, phone } = await fixture.start(7, { fakeTimers: true });
    const { collector } = h.collector(phone, { maxStored: 5, batchSize: 50, flushIntervalMs: 0 });
    for (const id of ids) {
      collector.add(id);
      vi.setSystemTime(Date.now() + 1000);
    }
    expect(collector.pending()).toBe(5);
    const stored = phone.wx.getStorageSync(STORAGE_KEY) as Array<{ formId: string }>;
    expect(stored.map((item) => item.formId)).toEqual(ids.slice(2));
  });

  it('survives a full storage: add never throws, reports, and still uploads from memory', async () => {
    const { h, ids, phone } = await fixture.start(2);
    // Another part of the app filled the phone's 10 MB.
    // Each entry at the 1 MB key limit (key + JSON): ten of them fill the 10 MB exactly.
    for (let i = 0; i < 10; i++) phone.wx.setStorageSync(`cache${i}`, 'x'.repeat(1_048_568));
    const { collector, errors } = h.collector(phone, { flushIntervalMs: 0, batchSize: 10 });
    expect(() => collector.add(ids[0] as string)).not.toThrow();
    expect(errors).toEqual([
      { code: 'storage', message: 'setStorageSync:fail exceed storage max size 10MB' },
    ]);
    expect(collector.pending()).toBe(1);
    // Room again: the next write persists everything still waiting.
    phone.wx.removeStorageSync('cache0');
    collector.add(ids[1] as string);
    expect(phone.wx.getStorageSync(STORAGE_KEY)).toHaveLength(2);
    const result = await collector.flush();
    expect(result.response?.accepted.sort()).toEqual([...ids].sort());
  });

  it('survives a storage that fails and throws nothing into the page', async () => {
    const { h, ids, phone } = await fixture.start(1);
    phone.storage.failWrites({ reason: 'disk I/O error' });
    const { collector, errors } = h.collector(phone, { flushIntervalMs: 0 });
    expect(collector.add(ids[0] as string)).toBe(true);
    expect(errors[0]?.message).toBe('setStorageSync:fail disk I/O error');
    expect((await collector.flush()).response?.accepted).toEqual(ids);
  });
});

describe('createCollector: failures', () => {
  it('keeps everything while the backend is down and sends it once when it is back', async () => {
    const { h, ids, phone } = await fixture.start(25, { fakeTimers: true });
    h.backend.state.mode = 'down';
    const { collector, errors, nextFlush, drained } = h.collector(phone, { flushIntervalMs: 0 });
    let flushed = nextFlush();
    for (const id of ids.slice(0, 10)) collector.add(id);
    expect((await flushed).error?.code).toBe('network');
    // In backoff: a full batch waits for the retry instead of hammering.
    for (const id of ids.slice(10)) collector.add(id);
    expect(phone.stats.requests).toBe(1);
    for (let attempt = 1; attempt <= 3; attempt++) {
      flushed = nextFlush();
      await vi.advanceTimersByTimeAsync(maxBackoff(attempt));
      expect((await flushed).error?.code).toBe('network');
    }
    expect(phone.stats.requests).toBe(4);
    expect(errors.every((error) => error.code === 'network')).toBe(true);
    expect(errors[0]?.message).toMatch(/^request:fail /);
    expect(collector.pending()).toBe(25);

    h.backend.state.mode = 'up';
    flushed = nextFlush();
    await vi.advanceTimersByTimeAsync(maxBackoff(4));
    // The backlog goes at once, in batches of at most batchSize (10).
    const results = await drained(flushed);
    expect(results.map((result) => [result.sent.length, result.error])).toEqual([
      [10, null],
      [10, null],
      [5, null],
    ]);
    expect(collector.pending()).toBe(0);
    expect(h.backend.accepted.sort()).toEqual([...ids].sort());
    expect(await h.backend.pool.available(h.openid)).toBe(25);
  });

  it('treats a 500 (which wx.request answers through success) as a retry, not a loss', async () => {
    const { h, ids, phone } = await fixture.start(2, { fakeTimers: true });
    h.backend.state.mode = 'error500';
    const { collector, errors, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    for (const id of ids) collector.add(id);
    const failed = await collector.flush();
    expect(failed.error).toEqual({ code: 'http', message: 'HTTP 500', statusCode: 500 });
    expect(errors).toHaveLength(1);
    expect(collector.pending()).toBe(2);
    h.backend.state.mode = 'up';
    const retried = nextFlush();
    await vi.advanceTimersByTimeAsync(maxBackoff(1));
    expect((await retried).response?.accepted.sort()).toEqual([...ids].sort());
    expect(collector.pending()).toBe(0);
  });

  it('survives a wx.request that throws, and uploads again afterwards', async () => {
    const { h, ids, phone } = await fixture.start(1);
    let broken = true;
    const wx = {
      ...phone.wx,
      request: (option: Parameters<typeof phone.wx.request>[0]) => {
        if (broken) throw new Error('request is not a function');
        return phone.wx.request(option);
      },
    };
    const { collector } = h.collector(phone, { flushIntervalMs: 0, wx });
    collector.add(ids[0] as string);
    expect((await collector.flush()).error).toEqual({
      code: 'network',
      message: 'request is not a function',
    });
    broken = false;
    expect((await collector.flush()).response?.accepted).toEqual(ids);
  });

  it('keeps items when the answer is malformed', async () => {
    const { h, ids, phone } = await fixture.start(1);
    const { collector } = h.collector(phone, {
      flushIntervalMs: 0,
      // Not the collect endpoint: the emulator answers a WeChat error object with HTTP 200.
      endpoint: `${fixture.emulator.url}/cgi-bin/message/wxopen/template/send`,
    });
    collector.add(ids[0] as string);
    const result = await collector.flush();
    expect(result.error?.code).toBe('malformed');
    expect(collector.pending()).toBe(1);
  });

  it('pauses on 401 until the app presents a new session', async () => {
    const { h, ids, phone } = await fixture.start(3, { fakeTimers: true });
    h.backend.state.session = 's2';
    const { collector, errors, nextFlush, drained } = h.collector(phone, {
      batchSize: 1,
      flushIntervalMs: 30_000,
    });
    const refused = nextFlush();
    collector.add(ids[0] as string);
    expect((await refused).error).toMatchObject({ code: 'unauthorized', statusCode: 401 });
    // Same stale session: no more requests, whatever triggers.
    collector.add(ids[1] as string);
    // (Stays within the backend's 5-minute clock skew: the server keeps real time.)
    await vi.advanceTimersByTimeAsync(120_000);
    phone.show();
    expect(phone.stats.requests).toBe(1);
    expect((await collector.flush()).error?.code).toBe('unauthorized');
    expect(phone.stats.requests).toBe(1);
    expect(errors.filter((error) => error.code === 'unauthorized')).toHaveLength(1);

    // The app logs in again: the header function yields the new session.
    h.session.value = 's2';
    const accepted = nextFlush();
    collector.add(ids[2] as string);
    const results = await drained(accepted);
    expect(results.flatMap((result) => result.response?.accepted ?? []).sort()).toEqual(
      [...ids].sort(),
    );
    expect(collector.pending()).toBe(0);
  });

  it('resume() retries after a 401 without waiting for another trigger', async () => {
    const { h, ids, phone } = await fixture.start(1);
    h.backend.state.session = 'other';
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    collector.add(ids[0] as string);
    expect((await collector.flush()).error?.code).toBe('unauthorized');
    h.backend.state.session = 's1';
    const flushed = nextFlush();
    collector.resume();
    expect((await flushed).response?.accepted).toEqual(ids);
  });

  it('gives a hide upload up before WeChat cuts the network, keeps it, resends it once', async () => {
    const { h, ids, phone } = await fixture.start(2, { fakeTimers: true });
    h.backend.state.mode = 'hold';
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    for (const id of ids) collector.add(id);
    const cut = nextFlush();
    phone.hide();
    await h.backend.waitForRequests(1);
    // The collector's own 3 s hide timeout fires before WeChat's 5 s cut.
    await vi.advanceTimersByTimeAsync(3000);
    expect((await cut).error).toEqual({ code: 'network', message: 'request:fail timeout' });
    expect(collector.pending()).toBe(2);

    h.backend.state.mode = 'up';
    phone.show();
    const retried = nextFlush();
    await vi.advanceTimersByTimeAsync(maxBackoff(1));
    expect((await retried).response?.duplicates.sort()).toEqual([...ids].sort());
    expect(collector.pending()).toBe(0);
    expect(h.backend.accepted.sort()).toEqual([...ids].sort());
  });

  it('sends what a killed app left exactly once from the relaunched app', async () => {
    const { h, ids, phone } = await fixture.start(4);
    h.backend.state.mode = 'hold';
    const first = h.collector(phone, { batchSize: 3, flushIntervalMs: 0 });
    for (const id of ids.slice(0, 3)) first.collector.add(id);
    // The backend stored the batch, but the answer never reaches the phone.
    await h.backend.waitForRequests(1);
    first.collector.add(ids[3] as string);
    phone.kill();
    expect(first.flushes).toEqual([]);
    expect(h.backend.accepted.sort()).toEqual(ids.slice(0, 3).sort());

    h.backend.state.mode = 'up';
    const relaunched = h.phone(phone.storage);
    const second = h.collector(relaunched, { batchSize: 3, flushIntervalMs: 0 });
    const results = await second.drained(second.nextFlush());
    const sent = results.flatMap((result) => result.sent.map((item) => item.formId));
    expect(sent.sort()).toEqual([...ids].sort());
    const answers = results.map((result) => result.response);
    expect(answers.flatMap((a) => a?.duplicates ?? []).sort()).toEqual(ids.slice(0, 3).sort());
    expect(answers.flatMap((a) => a?.accepted ?? [])).toEqual([ids[3]]);
    expect(relaunched.stats.requests).toBe(2);
    expect(second.collector.pending()).toBe(0);
    expect(h.backend.accepted.sort()).toEqual([...ids].sort());
    expect(await h.backend.pool.available(h.openid)).toBe(4);
  });
});
