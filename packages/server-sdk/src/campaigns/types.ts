import type {
  KeywordMap,
  SubscribeKeywordMap,
  SubscribeTemplateDefinition,
  TemplateDefinition,
} from '@wxtpl/shared-types';

/** Who a campaign reaches. */
export type CampaignAudience =
  /** Every user holding an acceptance of this subscribe template, streamed from the pool. */
  | { subscribedTo: string }
  /** These users, paid for by any credit (an acceptance of the template, or a formId). */
  | { openids: readonly string[] };

/** What {@link Campaigns.start} sends. */
export interface CampaignInput {
  /** A `defineSubscribeTemplate` or `defineTemplate` definition. */
  template: SubscribeTemplateDefinition<SubscribeKeywordMap> | TemplateDefinition<KeywordMap>;
  audience: CampaignAudience;
  /** The message data, the same for everyone (`work({ dataFor })` can tailor it per user). */
  data: Record<string, unknown>;
  page?: string;
  /** Messages per second across every worker; default no limit of the campaign's own. */
  ratePerSecond?: number;
}

/** Where a campaign stands. */
export type CampaignState =
  /** Sending (while planning, too). */
  | 'running'
  /** Waiting for WeChat's daily quota to reset (45009), until `resumeAt`. */
  | 'parked'
  | 'cancelled'
  /** Every user of the audience is delivered, skipped or failed. */
  | 'done';

/** {@link Campaigns.status}: counts kept in Redis. */
export interface CampaignStatus {
  id: string;
  state: CampaignState;
  /** Users in the audience so far (final once `planned`). */
  total: number;
  delivered: number;
  /** Users without a credit: nothing was sent. */
  skipped: number;
  failed: number;
  /** Failed users by error: a WeChat errcode (`'47003'`) or an error code (`'DELIVERY_UNKNOWN'`). */
  byError: Record<string, number>;
  /**
   * Of `delivered`: users whose send was under way when a worker died (the credit was taken, the
   * answer lost). Never sent again: each was most likely delivered, none twice.
   */
  inDoubt: number;
  /** The whole audience has been read (`total` is final). */
  planned: boolean;
  templateId: string;
  ratePerSecond: number | null;
  /** Epoch ms. */
  createdAt: number;
  finishedAt: number | null;
  /** While parked or backing off: when sending resumes (epoch ms). */
  resumeAt: number | null;
}

/** Options of {@link Campaigns.work}. */
export interface WorkOptions {
  /** Messages in flight at once in this process. */
  concurrency: number;
  /**
   * The data of one user's message (default: the campaign's `data`). Called once per user;
   * a throw fails that user (`byError.DATA`).
   */
  dataFor?: (
    openid: string,
    campaign: { id: string; templateId: string; data: Record<string, unknown> },
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * A user whose send was under way when a worker died (the credit taken, the answer lost):
   * `'skip'` (default) never sends again — at most once, no 43101 — and counts them delivered
   * in doubt; `'repeat'` sends again when a second delivery is impossible (the user's last
   * acceptance of the template: WeChat's 43101 then confirms the first), so nobody is missed.
   */
  inDoubt?: 'skip' | 'repeat';
  /**
   * How long a job stays locked to this worker without a renewal; a worker that died gives its
   * jobs up after this long. Default 30 s.
   */
  lockDurationMs?: number;
}

/** A running worker. */
export interface CampaignWorker {
  /** Stops taking jobs, waits for the messages in flight, closes its connections. */
  close(): Promise<void>;
}
