import { describe, expect, it } from 'vitest';
import { harnessPerTest } from './support/harness.js';

// What 100 formIds cost a phone: wx.request calls and storage writes. The budget the collector
// promises is at most one write per formId added plus one per confirmed batch.
const fixture = harnessPerTest();

describe('the cost of 100 formIds (batchSize 10)', () => {
  it('spread over a session: 10 requests and 110 storage writes', async () => {
    const { h, ids, phone } = await fixture.start(100, { fakeTimers: true });
    const { collector, nextFlush } = h.collector(phone);
    for (const id of ids) {
      const flushed = nextFlush();
      collector.add(id);
      // The user goes on submitting forms while each upload completes.
      if (phone.inFlight() > 0) await flushed;
    }
    console.log(
      `100 formIds, one by one: ${phone.stats.requests} wx.request calls, ${phone.storage.writes} storage writes`,
    );
    expect(collector.pending()).toBe(0);
    expect(h.backend.accepted).toHaveLength(100);
    expect(phone.stats.requests).toBe(10);
    expect(phone.storage.writes).toBe(100 + 10);
  });

  it('in one burst: uploads coalesce while one is in flight', async () => {
    const { h, ids, phone } = await fixture.start(100, { fakeTimers: true });
    const { collector, nextFlush, drained } = h.collector(phone);
    const first = nextFlush();
    for (const id of ids) collector.add(id);
    const results = await drained(first);
    console.log(
      `100 formIds, in a burst: ${phone.stats.requests} wx.request calls, ${phone.storage.writes} storage writes`,
    );
    // Never more than batchSize (10) per upload: the backend's item limit can be that low.
    expect(results.map((result) => result.sent.length)).toEqual(Array(10).fill(10));
    expect(collector.pending()).toBe(0);
    expect(h.backend.accepted).toHaveLength(100);
    expect(phone.stats.requests).toBe(10);
    expect(phone.storage.writes).toBe(100 + 10);
  });
});
