import { describe, expect, it } from 'vitest';
import { CampaignStoreError } from '../src/campaigns/errors.js';
import { OutcomeRecorder } from '../src/campaigns/recorder.js';
import type { CampaignStore, Recorded } from '../src/campaigns/store.js';

/** A store whose record calls are counted, each answering after `ms`, failing as `fail` says. */
function countingStore(ms: number, fail: (call: number) => Error | undefined = () => undefined) {
  const calls: { id: string; entries: Recorded[] }[] = [];
  const store = {
    async record(id: string, entries: readonly Recorded[]) {
      calls.push({ id, entries: [...entries] });
      await new Promise((resolve) => setTimeout(resolve, ms));
      const error = fail(calls.length);
      if (error) throw error;
      return entries.length;
    },
  } as unknown as CampaignStore;
  return { store, calls };
}

const entry = (i: number): Recorded => ({ openid: `o${i}`, outcome: 'd' });

describe('OutcomeRecorder (group commit of campaign outcomes)', () => {
  it('sends the first outcome at once and those arriving meanwhile together, per campaign', async () => {
    const { store, calls } = countingStore(20);
    const recorder = new OutcomeRecorder(store);
    const first = recorder.record('a', entry(0));
    expect(calls).toHaveLength(1);
    const more = Array.from({ length: 1200 }, (_, i) => recorder.record('a', entry(i + 1)));
    const other = recorder.record('b', entry(0));
    await Promise.all([first, ...more, other]);
    const forA = calls.filter((c) => c.id === 'a');
    // 1 + the 1,200 that waited, in calls of at most 500.
    expect(forA.map((c) => c.entries.length)).toEqual([1, 500, 500, 200]);
    expect(forA.flatMap((c) => c.entries.map((e) => e.openid))).toEqual(
      Array.from({ length: 1201 }, (_, i) => `o${i}`),
    );
    expect(calls.filter((c) => c.id === 'b')).toHaveLength(1);
  });

  it('waits out a Redis outage, and rejects every outcome of a call that failed for good', async () => {
    const away = countingStore(1, (call) =>
      call === 1
        ? new CampaignStoreError('record', { cause: new Error('ECONNREFUSED') })
        : undefined,
    );
    await new OutcomeRecorder(away.store).record('a', entry(1));
    expect(away.calls).toHaveLength(2);

    const broken = countingStore(5, (call) => (call === 2 ? new TypeError('bug') : undefined));
    const recorder = new OutcomeRecorder(broken.store);
    const first = recorder.record('a', entry(1));
    const later = [recorder.record('a', entry(2)), recorder.record('a', entry(3))];
    await expect(first).resolves.toBeUndefined();
    for (const p of later) await expect(p).rejects.toThrow('bug');
    // The recorder goes on after a failure.
    await expect(recorder.record('a', entry(4))).resolves.toBeUndefined();
  });

  it('with a linger, waits for more outcomes, or sends at once on flush or a full call', async () => {
    const { store, calls } = countingStore(5);
    const written: string[][] = [];
    const recorder = new OutcomeRecorder(store, {
      lingerMs: 30,
      written: (_id, entries) => written.push(entries.map((e) => e.openid)),
    });
    const first = [recorder.record('a', entry(0)), recorder.record('a', entry(1))];
    // One promise per group, shared by its outcomes.
    expect(first[0]).toBe(first[1]);
    expect(calls).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(0);
    await Promise.all(first);
    expect(calls.map((c) => c.entries.length)).toEqual([2]);
    const flushed = recorder.record('a', entry(2));
    recorder.flush('a');
    expect(calls).toHaveLength(2);
    await flushed;
    const full = Array.from({ length: 500 }, (_, i) => recorder.record('b', entry(i)));
    expect(calls).toHaveLength(3);
    await Promise.all(full);
    expect(written).toEqual([['o0', 'o1'], ['o2'], Array.from({ length: 500 }, (_, i) => `o${i}`)]);
  });
});
