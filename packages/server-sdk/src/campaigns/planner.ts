import type { CreditPool } from '../pool/credit-pool.js';
import type { BullQueue } from './bullmq.js';
import type { CampaignStore } from './store.js';

/** The job that turns a campaign's audience into batch jobs. */
export const PLAN_JOB = 'plan';
/** A job of up to `batchSize` users. */
export const SEND_JOB = 'send';

export interface SendJobData {
  campaign: string;
  openids: string[];
}

export const JOB_OPTIONS = {
  attempts: 100,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;

/**
 * Streams the audience page by page — from the pool's index of a template's holders, or from the
 * stored list — into batch jobs, never holding more than one page. Resumable: the cursor moves
 * only after a page's job is queued and its users entered in the journal, so a planner that died
 * repeats at most one page (its job id is the same; the journal counts each user once).
 */
export async function planCampaign(
  id: string,
  deps: { store: CampaignStore; pool: CreditPool; queue: BullQueue; batchSize: number },
): Promise<void> {
  const { store, pool, queue, batchSize } = deps;
  const { meta } = await store.read(id);
  if (meta.planned === '1' || meta.state === 'cancelled' || meta.state === 'done') return;
  let cursor = meta.cursor ?? '0';
  let seq = Number(meta.seq ?? '0');
  for (;;) {
    let openids: string[];
    let next: string;
    let last: boolean;
    if (meta.audience === 'openids') {
      const start = Number(cursor);
      openids = await store.listPage(id, start, batchSize);
      next = String(start + openids.length);
      last = openids.length < batchSize;
    } else {
      const page = await pool.audiencePage(meta.audienceTemplate as string, {
        cursor,
        pageSize: batchSize,
      });
      openids = page.openids;
      next = page.cursor;
      last = next === '0';
    }
    if (openids.length > 0) {
      const data: SendJobData = { campaign: id, openids };
      await queue.add(SEND_JOB, data, { ...JOB_OPTIONS, jobId: `${id}-${seq}` });
      await store.planPage(id, openids);
    }
    seq += 1;
    cursor = next;
    await store.advance(id, cursor, seq, last);
    if (last) return;
  }
}
