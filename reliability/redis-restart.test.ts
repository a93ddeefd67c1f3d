import { setTimeout as sleep } from 'node:timers/promises';
import { CreditStoreError, NoCreditError, WxtplError } from '@wxtpl/server-sdk';
import { purchaseData, uniquePrefix } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxRecord, tally } from './helpers/inbox.ts';
import { drainCredits, type LoadOutcome, startNotifyLoad } from './helpers/notify-load.ts';
import { type NotifyStack, startNotifyStack } from './helpers/notify-stack.ts';
import { HANG_GUARD_MS, settleWithin, waitFor } from './helpers/settle.ts';

const USERS = 4;
const FORM_IDS_PER_USER = 60;
const PREPAYS_PER_USER = 5;
const CONCURRENCY = 8;
const DOWN_FOR_MS = 2_500;

type Phase = 'before' | 'crashing' | 'down' | 'restarting' | 'up' | 'drain';

describe('Redis crashes in the middle of a run and comes back', () => {
  let stack: NotifyStack;

  beforeAll(async () => {
    // Persistent (AOF, fsync before every reply): the restart keeps what the pool acknowledged,
    // which is what "no credit spent twice after a restart" is about. Without persistence the
    // pool would come back empty and re-ingesting would only test the app's own bookkeeping.
    stack = await startNotifyStack({
      persistent: true,
      prefix: uniquePrefix(),
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 50 },
      handConnection: true,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('fails typed and fast while Redis is down, then spends every credit left exactly once', async () => {
    const { redis, emulator, template, connection, pool, notifier } = stack;
    const appId = emulator.appId;

    const openids = Array.from({ length: USERS }, (_, i) => `o-restart-${i}`);
    const quota = new Map<string, number>();
    for (const openid of openids) {
      const formIds = await emulator.control.formIds({ appId, openid, count: FORM_IDS_PER_USER });
      const { accepted } = await pool.ingest(
        openid,
        formIds.map((formId) => ({ formId, createdAt: Date.now() })),
      );
      expect(accepted).toHaveLength(FORM_IDS_PER_USER);
      for (const formId of formIds) quota.set(formId, 1);
      for (let i = 0; i < PREPAYS_PER_USER; i++) {
        const prepayId = await emulator.control.prepay({ appId, openid });
        expect((await pool.addPrepayId(openid, prepayId)).accepted).toEqual([prepayId]);
        quota.set(prepayId, 3);
      }
    }

    let phase: Phase = 'before';
    const load = startNotifyLoad<Phase>({
      notifier,
      template,
      openids,
      concurrency: CONCURRENCY,
      phase: () => phase,
      hangGuardMs: HANG_GUARD_MS,
      pauseAfterFailureMs: 20,
    });
    await waitFor(() => load.delivered() >= 60, 60_000, '60 deliveries before the crash');

    // Calls in flight while the process dies may fail either way: they belong to no phase's claim.
    phase = 'crashing';
    await redis.crash();
    phase = 'down';
    const probeData = purchaseData('probe-down');
    const [lateFormId] = await emulator.control.formIds({ appId, openid: openids[0] as string });
    const probes = {
      notify: await settleWithin(
        notifier.notify({ openid: openids[0] as string, template, data: probeData }),
        HANG_GUARD_MS,
      ),
      available: await settleWithin(pool.available(openids[0] as string), HANG_GUARD_MS),
      ingest: await settleWithin(
        pool.ingest(openids[0] as string, [
          { formId: lateFormId as string, createdAt: Date.now() },
        ]),
        HANG_GUARD_MS,
      ),
    };
    for (const [name, probe] of Object.entries(probes)) {
      expect(probe.status, `${name} while Redis is down`).toBe('rejected');
      if (probe.status === 'rejected') {
        expect(probe.reason, `${name} while Redis is down`).toBeInstanceOf(CreditStoreError);
      }
    }
    await sleep(DOWN_FOR_MS);

    phase = 'restarting';
    await redis.start();
    await waitFor(() => connection?.status === 'ready', 30_000, 'the store to reconnect');
    phase = 'up';
    // The formId refused while Redis was down is still on the phone: uploading it again works.
    expect(
      (await pool.ingest(openids[0] as string, [{ formId: lateFormId as string }])).accepted,
    ).toEqual([lateFormId]);
    quota.set(lateFormId as string, 1);
    await waitFor(() => load.delivered('up') >= 40, 60_000, '40 deliveries after the restart');
    await load.stop();

    phase = 'drain';
    const drained = await drainCredits({
      notifier,
      template,
      openids,
      phase: 'drain' as Phase,
      hangGuardMs: HANG_GUARD_MS,
    });

    // Every call settled, and every failure is one of the SDK's typed errors.
    const outcomes = [...load.outcomes, ...drained];
    expect(outcomes.filter((o) => o.settled.status === 'hung')).toEqual([]);
    const errorName = (o: LoadOutcome<Phase>) =>
      o.settled.status === 'rejected' ? (o.settled.reason as Error).name : 'delivered';
    for (const o of outcomes) {
      if (o.settled.status === 'rejected') expect(o.settled.reason).toBeInstanceOf(WxtplError);
    }
    // Before the crash and after the restart everything is delivered; while down nothing is.
    const within = (p: Phase) => outcomes.filter((o) => o.startedIn === p && o.endedIn === p);
    expect(new Set(within('before').map(errorName))).toEqual(new Set(['delivered']));
    expect(new Set(outcomes.filter((o) => o.startedIn === 'up').map(errorName))).toEqual(
      new Set(['delivered']),
    );
    expect(within('down').length).toBeGreaterThan(0);
    expect(new Set(within('down').map(errorName))).toEqual(new Set(['CreditStoreError']));
    // The drain ends on NoCreditError for every user, having met no dead credit on the way.
    for (const openid of openids) {
      const last = drained.filter((o) => o.openid === openid).at(-1);
      expect(last?.settled.status === 'rejected' && last.settled.reason).toBeInstanceOf(
        NoCreditError,
      );
      expect(await pool.available(openid)).toBe(0);
    }
    for (const o of drained) {
      if (o.settled.status === 'fulfilled') expect(o.settled.value.attempts).toBe(1);
    }

    // The emulator's record: each delivered notify once, under the credit it reported; nothing
    // for a failed one; no credit beyond its quota; and not one refused send — a 41029 (or 41028)
    // here could only come from the pool offering a credit it had already spent.
    const inbox = inboxRecord(await emulator.control.inbox({ appId }));
    for (const o of [...outcomes]) {
      const messages = inbox.byMarker.get(o.marker);
      if (o.settled.status === 'fulfilled') expect(messages).toEqual([o.settled.value.formId]);
      else expect(messages).toBeUndefined();
    }
    expect(inbox.byMarker.has(probeData.item)).toBe(false);
    for (const [formId, uses] of inbox.usesByCredit) {
      expect(uses).toBeLessThanOrEqual(quota.get(formId) ?? 0);
    }
    const stats = await emulator.control.stats();
    expect(stats.sends.failed).toEqual({});
    expect(stats.sends.ok).toBe(inbox.total);

    // Uses neither delivered nor left: takes that ran on Redis just before it died, whose replies
    // were lost. At most one per call in flight at the crash, never given out again.
    const totalUses = [...quota.values()].reduce((a, b) => a + b, 0);
    const burnt = totalUses - inbox.total;
    expect(burnt).toBeGreaterThanOrEqual(0);
    expect(burnt).toBeLessThanOrEqual(CONCURRENCY);

    const failures = outcomes.filter((o) => o.settled.status === 'rejected');
    const slowestFailure = Math.max(...failures.map((o) => o.settled.ms));
    console.info(
      `redis restart: ${outcomes.length} notifies ${JSON.stringify(tally(outcomes, errorName))}; ` +
        `while down ${within('down').length} calls all CreditStoreError, slowest failure ${Math.round(slowestFailure)} ms; ` +
        `after restart ${outcomes.filter((o) => o.startedIn === 'up').length} load + ${drained.length - USERS} drain deliveries, all first try; ` +
        `credits: ${totalUses} uses = ${inbox.total} delivered + ${burnt} lost in the crash; emulator refusals 0 (no 41029)`,
    );
  });
});
