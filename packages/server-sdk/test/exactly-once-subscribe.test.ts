import { useRedisStore, useTestEmulator } from '@wxtpl/testkit/hooks';
import { describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { reminderTemplate } from './helpers/campaign.js';
import { runNotifyWorkers } from './helpers/notify-workers.js';

const PROCESSES = 4;
const CONCURRENCY = 50;
const USERS = 40;
const ACCEPTANCES_PER_USER = 3;
const MINUTE = 60_000;

interface WorkerOutcome {
  tag: string;
  openid: string;
  ok: boolean;
  error?: string;
  errcode?: number;
}

/** A seeded generator, so that a failure replays. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('subscribe messages exactly once across processes on real Redis', () => {
  const emu = useTestEmulator({}, 240_000);
  const redis = useRedisStore('exactly-once-subscribe', 240_000);

  it('4 processes × 50 notifies over 120 acceptances of 40 users, each reported twice, in any order, some lost or repeated', async () => {
    const appId = emu.appId;
    const template = await reminderTemplate(emu);
    const priTmplId = template.id;
    const random = seeded(Number(process.env.WXTPL_SEED ?? 20261130));
    const openids = Array.from({ length: USERS }, (_, i) => `o-eos-${i}`);
    const start = Date.now() - 2 * 60 * MINUTE;
    type Report = { openid: string; source: 'client' | 'push'; reportId: string; at: number };
    const reports: Report[] = [];
    let reached = 0;
    let lostBoth = 0;
    for (const openid of openids) {
      await emu.control.login({ appId, openid });
      // WeChat holds what the user accepted, whatever reached the server.
      await emu.control.grantSubscription({
        appId,
        openid,
        templateId: priTmplId,
        count: ACCEPTANCES_PER_USER,
      });
      for (let a = 0; a < ACCEPTANCES_PER_USER; a++) {
        // One user's acceptances are further apart than the pairing window (see the README
        // on the residual error of two quick acceptances that each lost one report).
        const at = start + a * 20 * MINUTE + Math.floor(random() * MINUTE);
        const roll = random();
        const clientLost = roll < 0.1;
        const pushLost = roll >= 0.1 && roll < 0.2;
        const bothLost = roll >= 0.2 && roll < 0.25;
        if (bothLost) {
          lostBoth++;
          continue;
        }
        reached++;
        if (!clientLost) {
          reports.push({ openid, source: 'client', reportId: `c-${openid}-${a}`, at: at + 300 });
        }
        if (!pushLost) {
          const push = { openid, source: 'push' as const, reportId: `p-${openid}-${a}`, at };
          reports.push(push);
          // WeChat retries a push it did not see answered.
          if (random() < 0.3) reports.push(push);
        }
      }
    }
    // Any order: pushes before page reports and after, retries anywhere.
    for (let i = reports.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [reports[i], reports[j]] = [reports[j] as Report, reports[i] as Report];
    }
    const pool = new CreditPool({ store: redis.store, appId });
    for (const report of reports) {
      await pool.acceptSubscriptions(report.openid, [priTmplId], {
        source: report.source,
        reportId: report.reportId,
        at: report.at,
      });
    }
    let held = 0;
    for (const openid of openids) held += await pool.available(openid, { templateId: priTmplId });
    expect(held).toBe(reached);

    const outcomes = await runNotifyWorkers<WorkerOutcome>(
      PROCESSES,
      { redis, appId, appSecret: emu.appSecret, baseUrl: emu.url },
      {
        openids,
        data: { product: '拿铁咖啡', amount: '¥36.00', paidAt: '2026年11月30日 20:00' },
        template,
        concurrency: CONCURRENCY,
      },
    );

    const delivered = outcomes.filter((o) => o.ok);
    const failed = outcomes.filter((o) => !o.ok);
    const inbox = await emu.control.inbox({ appId, kind: 'subscribe' });
    const stats = await emu.control.stats();
    console.log(
      `subscribe exactly-once: ${reports.length} reports of ${reached} acceptances (${lostBoth} lost both) → ${delivered.length} delivered, ${failed.length} without credit, inbox ${inbox.length}, refused ${JSON.stringify(stats.subscribeSends.failed)}`,
    );
    expect(delivered).toHaveLength(reached);
    expect(inbox).toHaveLength(reached);
    expect(new Set(failed.map((o) => o.error))).toEqual(new Set(['NoCreditError']));
    expect(stats.subscribeSends.failed['43101'] ?? 0).toBe(0);
    expect(stats.subscribeSends.failed['47003'] ?? 0).toBe(0);
    for (const openid of openids) {
      expect(await pool.available(openid, { templateId: priTmplId })).toBe(0);
    }
  }, 180_000);
});
