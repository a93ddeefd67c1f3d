import { randomBytes } from 'node:crypto';
import { createRedisStore, FormIdPool, type RedisStore } from '@wxtpl/server-sdk';
import { WeChatPath } from '@wxtpl/shared-types';
import {
  builtPackage,
  type EmulatorProcess,
  type PurchaseTemplate,
  redisKeys,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxRecord, tally } from './helpers/inbox.ts';
import { startPurchaseEmulator } from './helpers/notify-stack.ts';
import { deadAnswers, isLostReply, summarizeSendLog } from './helpers/send-log.ts';
import { runSoakWorkers } from './helpers/soak-workers.ts';
import { invalidateTokensEvery } from './helpers/token-invalidator.ts';

const SEND = WeChatPath.templateSend;
const PROCESSES = 2;
const CONCURRENCY_PER_PROCESS = 32;
const USERS = 200;
const FORM_IDS_PER_USER = 80;
const PREPAYS_PER_USER = 5; // 3 messages each
/** formIds WeChat never issued (41028): the dead-credit path. */
const BOGUS_PER_USER = 5;
const NOTIFIES = 20_000;
const INVALIDATE_TOKENS_EVERY = 2_000;
const DAY_MS = 86_400_000;

describe('soak: 20,000 notifies from 2 server processes under injected faults', () => {
  let emulator: EmulatorProcess;
  let template: PurchaseTemplate;
  let store: RedisStore;
  const keys = redisKeys('soak');
  const prefix = keys.prefix();

  beforeAll(async () => {
    ({ emulator, template } = await startPurchaseEmulator());
    store = createRedisStore(keys.url, { prefix });
  });
  afterAll(async () => {
    await emulator?.close();
    await store?.close();
    await keys.cleanup();
  });

  it('delivers each message exactly once or rejects it typed, and every credit use matches the emulator', async () => {
    const appId = emulator.appId;
    const pool = new FormIdPool({ store, appId });
    const openids = Array.from({ length: USERS }, (_, i) => `o-soak-${i}`);
    const quota = new Map<string, number>();
    const bogus = new Set<string>();
    await Promise.all(
      openids.map(async (openid, user) => {
        const formIds = await emulator.control.formIds({ appId, openid, count: FORM_IDS_PER_USER });
        const prepayIds: string[] = [];
        for (let i = 0; i < PREPAYS_PER_USER; i++) {
          prepayIds.push(await emulator.control.prepay({ appId, openid }));
        }
        const fake = Array.from({ length: BOGUS_PER_USER }, () => randomBytes(16).toString('hex'));
        // Spread over the last 6 days, so that "expires first" mixes all three kinds.
        const createdAt = (i: number) => Date.now() - ((user * 131 + i * 977) % (6 * DAY_MS));
        const forms = [...formIds, ...fake].map((formId, i) => ({
          formId,
          createdAt: createdAt(i),
        }));
        expect((await pool.ingest(openid, forms)).accepted).toHaveLength(forms.length);
        for (const [i, prepayId] of prepayIds.entries()) {
          await pool.addPrepayId(openid, prepayId, createdAt(1000 + i));
        }
        for (const id of formIds) quota.set(id, 1);
        for (const id of prepayIds) quota.set(id, 3);
        for (const id of fake) bogus.add(id);
      }),
    );
    const realUses = [...quota.values()].reduce((a, b) => a + b, 0);

    // The first rule that matches applies: 20% busy; 2% of all sends delivered, then the
    // connection reset (0.02 / 0.8 of the rest); added latency on a quarter of the others and on
    // every other WeChat call (token fetches included).
    await emulator.control.faults([
      { path: SEND, errcode: -1, rate: 0.2 },
      { path: SEND, reset: true, afterProcessing: true, rate: 0.02 / 0.8 },
      { path: '*', delayMs: 15, rate: 0.25 },
    ]);
    const invalidator = invalidateTokensEvery(emulator.control, appId, INVALIDATE_TOKENS_EVERY);
    const started = performance.now();
    const { outcomes, sends } = await runSoakWorkers({
      sdkUrl: builtPackage('server-sdk').indexUrl,
      redisUrl: keys.url,
      prefix,
      appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 40 },
      template,
      openids,
      total: NOTIFIES,
      processes: PROCESSES,
      concurrency: CONCURRENCY_PER_PROCESS,
    });
    const seconds = (performance.now() - started) / 1000;
    const invalidations = await invalidator.stop();
    await emulator.control.faults([]);

    // Every notify settled once, and every failure is one of the SDK's typed errors.
    expect(outcomes).toHaveLength(NOTIFIES);
    expect(new Set(outcomes.map((o) => o.marker)).size).toBe(NOTIFIES);
    expect(outcomes.filter((o) => !o.ok && !o.typed)).toEqual([]);

    // The inbox: every message belongs to one notify, and no notify has two.
    const inbox = inboxRecord(await emulator.control.inbox({ appId }));
    const markers = new Set(outcomes.map((o) => o.marker));
    for (const [marker, formIds] of inbox.byMarker) {
      expect(markers.has(marker), `unknown marker ${marker}`).toBe(true);
      expect(formIds, `messages of ${marker}`).toHaveLength(1);
    }
    // Delivered: in the inbox under the credit reported. Failed: not in it, except an unknown
    // outcome, which may or may not have been delivered.
    const unknownUndelivered = new Map<string, number>();
    for (const o of outcomes) {
      const messages = inbox.byMarker.get(o.marker);
      if (o.ok) expect(messages, o.marker).toEqual([o.formId]);
      else if (o.error === 'DeliveryUnknownError') {
        const id = o.formId as string;
        if (!messages && quota.has(id)) {
          unknownUndelivered.set(id, (unknownUndelivered.get(id) ?? 0) + 1);
        }
      } else expect(messages, `${o.marker} failed with ${o.error}`).toBeUndefined();
    }

    // Every credit: uses spent in the pool = sends the emulator accepted with it (+ unknown
    // outcomes that were in fact not delivered, kept spent on purpose); never beyond its quota.
    const live = new Map<string, number>();
    for (const openid of openids) {
      for (const credit of await pool.credits(openid)) live.set(credit.id, credit.usesLeft);
    }
    const mismatches: string[] = [];
    for (const [id, max] of quota) {
      const accepted = inbox.usesByCredit.get(id) ?? 0;
      const spent = max - (live.get(id) ?? 0);
      if (accepted > max || spent !== accepted + (unknownUndelivered.get(id) ?? 0)) {
        mismatches.push(`${id}: quota ${max}, spent ${spent}, emulator accepted ${accepted}`);
      }
    }
    expect(mismatches).toEqual([]);
    for (const id of bogus) expect(inbox.usesByCredit.has(id)).toBe(false);

    // The emulator's record agrees with what the SDK saw. A 41029 only ever answers the
    // Notifier's retry of a formId whose reply was lost (its check that the first attempt was
    // delivered), never a second spend of a consumed credit; the emulator's counters exceed the
    // SDK's view by lost replies only.
    const stats = await emulator.control.stats();
    const log = summarizeSendLog(sends, bogus);
    expect(log.unexplained41029).toEqual([]);
    expect(stats.sends.ok).toBe(inbox.total);
    const emulator41028 = stats.sends.failed['41028'] ?? 0;
    const emulator41029 = stats.sends.failed['41029'] ?? 0;
    expect(emulator41028).toBeGreaterThanOrEqual(log.seen41028);
    expect(emulator41028).toBeLessThanOrEqual(log.seen41028 + log.lostMaybe41028);
    expect(emulator41029).toBeGreaterThanOrEqual(log.seen41029);
    expect(emulator41029).toBeLessThanOrEqual(log.seen41029 + log.lostMaybe41029);
    // A dead credit is dropped at its first 41028 and never sent again; a real one is never dead.
    const dead = deadAnswers(sends);
    for (const [formId, times] of dead) {
      expect(bogus.has(formId), `real formId ${formId} answered 41028`).toBe(true);
      expect(times, `41028 answers seen for ${formId}`).toBe(1);
      expect(live.has(formId)).toBe(false);
    }
    const bogusDropped = [...bogus].filter((id) => !live.has(id));

    // The faults did happen.
    const lostReplies = Object.values(sends)
      .flat()
      .filter(([, answer]) => isLostReply(answer)).length;
    expect(lostReplies).toBeGreaterThan(0);
    expect(stats.sends.failed['-1'] ?? 0).toBeGreaterThan(NOTIFIES * 0.1);
    expect(stats.sends.failed['40001'] ?? 0).toBeGreaterThan(0);
    expect(invalidations).toBeGreaterThanOrEqual(9);
    expect(stats.tokensIssued).toBeGreaterThan(invalidations);

    const leftInPool = [...quota.keys()].reduce((sum, id) => sum + (live.get(id) ?? 0), 0);
    const burnt = realUses - inbox.total - leftInPool;
    expect(burnt).toBe([...unknownUndelivered.values()].reduce((a, b) => a + b, 0));
    const byClass = tally(outcomes, (o) =>
      o.ok ? 'delivered' : o.errcode !== undefined ? `${o.error}(${o.errcode})` : String(o.error),
    );
    const retriedAfterReset = outcomes.filter(
      (o) => o.ok && sends[o.marker]?.some(([, answer]) => isLostReply(answer)),
    ).length;
    console.info(
      `soak: ${NOTIFIES} notifies from ${PROCESSES} processes × ${CONCURRENCY_PER_PROCESS} in ${seconds.toFixed(1)} s: ` +
        `${JSON.stringify(byClass)}; delivered after a lost reply ${retriedAfterReset}; ` +
        `emulator ok ${stats.sends.ok}, refused ${JSON.stringify(stats.sends.failed)}, lost replies ${lostReplies}, ` +
        `tokens issued ${stats.tokensIssued} after ${invalidations} invalidations; ` +
        `credits: ${realUses} uses = ${inbox.total} delivered + ${leftInPool} left in the pool + ${burnt} kept spent by an undelivered unknown outcome; ` +
        `${bogusDropped.length}/${bogus.size} bogus formIds dropped at their first 41028`,
    );
  });
});
