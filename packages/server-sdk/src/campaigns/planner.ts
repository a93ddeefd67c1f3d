import type { CreditPool } from '../pool/credit-pool.js';
import type { BullQueue } from './bullmq.js';
import type { CampaignStore, Page } from './store.js';

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
 * stored list — into batch jobs, never holding more than one page. Resumable: each page is staged
 * in Redis (its users entered in the journal) before its job is queued, and the cursor moves only
 * after that, so a planner that died — or a stalled one still running beside its replacement —
 * queues the staged page again under the same job id, never a page read anew from an index the
 * takes have pruned meanwhile.
 */
export async function planCampaign(
  id: string,
  deps: { store: CampaignStore; pool: CreditPool; queue: BullQueue; batchSize: number },
): Promise<void> {
  const { store, pool, queue, batchSize } = deps;
  for (;;) {
    const { meta } = await store.read(id);
    if (meta.planned === '1' || meta.state === 'cancelled' || meta.state === 'done') return;
    let cursor = meta.cursor ?? '0';
    let seq = Number(meta.seq ?? '0');
    for (;;) {
      const page = await store.stagePage(
        id,
        seq,
        await readPage(meta, cursor, { store, pool, id, batchSize }),
      );
      if (page === null) break;
      if (page.openids.length > 0) {
        const data: SendJobData = { campaign: id, openids: page.openids };
        await queue.add(SEND_JOB, data, { ...JOB_OPTIONS, jobId: `${id}-${seq}` });
      }
      if (!(await store.advance(id, seq, page))) break;
      if (page.last) return;
      seq += 1;
      cursor = page.next;
    }
  }
}

async function readPage(
  meta: Record<string, string>,
  cursor: string,
  deps: { store: CampaignStore; pool: CreditPool; id: string; batchSize: number },
): Promise<Page> {
  const { store, pool, id, batchSize } = deps;
  if (meta.audience === 'openids') {
    const start = Number(cursor);
    const openids = await store.listPage(id, start, batchSize);
    return { openids, next: String(start + openids.length), last: openids.length < batchSize };
  }
  const page = await pool.audiencePage(meta.audienceTemplate as string, {
    cursor,
    pageSize: batchSize,
  });
  return { openids: page.openids, next: page.cursor, last: page.cursor === '0' };
}
