import { setTimeout as sleep } from 'node:timers/promises';
import { NoCreditError, WxtplError } from '@wxtpl/server-sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxRecord, tally } from './helpers/inbox.ts';
import { drainCredits, type LoadOutcome, startNotifyLoad } from './helpers/notify-load.ts';
import { type NotifyStack, startNotifyStack } from './helpers/notify-stack.ts';
import { HANG_GUARD_MS } from './helpers/settle.ts';

const USERS = 20;
const FORM_IDS_PER_USER = 100;
const CONCURRENCY = 32;
/** Kills go on until half the credits are delivered: the connection dies while credits remain. */
const KILL_EVERY_MS = 10;
const MIN_KILLS = 10;

describe('Redis connections dropped again and again under load (CLIENT KILL)', () => {
  let stack: NotifyStack;
  let admin: Redis;

  beforeAll(async () => {
    // The SDK's defaults for a Redis URL.
    stack = await startNotifyStack({ persistent: false, prefix: 'blips:' });
    admin = new Redis(stack.redis.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await stack?.close();
  });

  it('never repeats a command silently: every credit lost is owned by a notify that failed typed', async () => {
    const { emulator, template, client, pool, notifier } = stack;
    const appId = emulator.appId;
    const openids = Array.from({ length: USERS }, (_, i) => `o-blip-${i}`);
    let credits = 0;
    for (const openid of openids) {
      const formIds = await emulator.control.formIds({ appId, openid, count: FORM_IDS_PER_USER });
      credits += (
        await pool.ingest(
          openid,
          formIds.map((formId) => ({ formId })),
        )
      ).accepted.length;
    }
    await client.getAccessToken();

    const load = startNotifyLoad<'load'>({
      notifier,
      template,
      openids,
      concurrency: CONCURRENCY,
      phase: () => 'load',
      hangGuardMs: HANG_GUARD_MS,
      pauseAfterFailureMs: 5,
    });
    // Drops the SDK's connection in the middle of whatever it is doing: replies to commands that
    // already ran on Redis are lost.
    let kills = 0;
    while (load.delivered() < credits / 2) {
      await sleep(KILL_EVERY_MS);
      kills += Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
    }
    const deliveredDuringKills = load.delivered();
    await load.stop();
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);

    const drained = await drainCredits({
      notifier,
      template,
      openids,
      phase: 'load',
      hangGuardMs: HANG_GUARD_MS,
    });
    // Each user's drain ends when nothing is left.
    for (const o of drained.filter((d) => d.settled.status !== 'fulfilled')) {
      expect(o.settled.status === 'rejected' && o.settled.reason).toBeInstanceOf(NoCreditError);
    }
    for (const openid of openids) expect(await pool.available(openid)).toBe(0);

    const outcomes = [...load.outcomes, ...drained];
    expect(outcomes.filter((o) => o.settled.status === 'hung')).toEqual([]);
    const name = (o: LoadOutcome<'load'>) =>
      o.settled.status === 'rejected' ? (o.settled.reason as Error).name : 'delivered';
    for (const o of outcomes) {
      if (o.settled.status === 'rejected') expect(o.settled.reason).toBeInstanceOf(WxtplError);
    }

    // The emulator: every delivered notify once under its credit, nothing for a failed one, no
    // credit used twice, not one refused send (no 41029).
    const inbox = inboxRecord(await emulator.control.inbox({ appId }));
    for (const o of outcomes) {
      const messages = inbox.byMarker.get(o.marker);
      if (o.settled.status === 'fulfilled') expect(messages).toEqual([o.settled.value.formId]);
      else expect(messages).toBeUndefined();
    }
    expect([...inbox.usesByCredit.values()].every((uses) => uses === 1)).toBe(true);
    expect((await emulator.control.stats()).sends.failed).toEqual({});

    // A command resent after a reconnect would run twice: a take spending a use that no notify
    // holds, with nothing failing. Here every use not delivered belongs to a failed notify whose
    // take's reply was lost with the connection.
    const burnt = credits - inbox.total;
    const failed = outcomes.filter(
      (o) => o.settled.status === 'rejected' && !(o.settled.reason instanceof NoCreditError),
    ).length;
    expect(burnt).toBeLessThanOrEqual(failed);
    console.info(
      `redis blips: ${kills} connections killed every ${KILL_EVERY_MS} ms under ${CONCURRENCY} concurrent notifies (${deliveredDuringKills} delivered meanwhile); ` +
        `${outcomes.length} notifies ${JSON.stringify(tally(outcomes, name))}; ` +
        `credits: ${credits} = ${inbox.total} delivered + ${burnt} lost with a reply, each owned by one of ${failed} typed failures; no 41029`,
    );
  });
});
