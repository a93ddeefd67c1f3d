import { randomBytes } from 'node:crypto';
import {
  buildSendRequest,
  buildSubscribeSendRequest,
  InvalidArgumentError,
  isSubscribeDefinition,
  type KeywordMap,
  type SubscribeKeywordMap,
  type SubscribeTemplateDefinition,
  type TemplateDefinition,
} from '@wxtpl/shared-types';
import type { Notifier } from '../notify/notifier.js';
import type { CreditPool } from '../pool/credit-pool.js';
import type { RedisClientLike } from '../store/redis-client.js';
import {
  type BullJob,
  type BullMQModule,
  type BullQueue,
  bullConnection,
  connect,
  type IORedisLike,
  isIORedis,
  loadBullMQ,
} from './bullmq.js';
import { CampaignNotFoundError } from './errors.js';
import { JOB_OPTIONS, PLAN_JOB, planCampaign, SEND_JOB, type SendJobData } from './planner.js';
import { nextQuotaReset } from './quota-reset.js';
import { CampaignRunner } from './runner.js';
import { stringifyData } from './serialize.js';
import { type CampaignRedis, CampaignStore } from './store.js';
import type {
  CampaignInput,
  CampaignState,
  CampaignStatus,
  CampaignWorker,
  WorkOptions,
} from './types.js';

/** Options of {@link Campaigns}. */
export interface CampaignsOptions {
  /** Where campaigns and their BullMQ queue live: a Redis URL, or an ioredis client (or Cluster). */
  redis: string | RedisClientLike;
  /** The credits of the app: the audience index and the acceptances spent. */
  pool: CreditPool;
  /** Sends every message (the same app as the pool). */
  notifier: Notifier;
  /** In front of every key, e.g. `wxtpl:` (the default); no braces. */
  prefix?: string;
  /**
   * Users per job (and per page of the audience). Default 500: each job costs BullMQ a few
   * scripts and the planner one page, whatever its size.
   */
  batchSize?: number;
  /** Bound of every campaign command to Redis. Default 5000 ms. */
  commandTimeoutMs?: number;
  /** When a spent daily quota (45009) resets; default the next midnight in Beijing. */
  quotaResetAt?: (now: number) => number;
}

const PREFIX = /^[^{}\s]{0,64}$/;
const OPENID = /^[\x21-\x7a\x7c\x7e]{1,128}$/;

/**
 * Campaigns: one message to a whole audience — every user holding an acceptance of a template,
 * or a list of openids — sent by workers in any number of processes through `Notifier.notify`,
 * resumable after any crash, each user at most once, at a rate held across workers, parked when
 * WeChat's daily quota is spent. Runs on BullMQ (an optional peer dependency) on the same Redis.
 */
export class Campaigns {
  readonly #pool: CreditPool;
  readonly #notifier: Notifier;
  readonly #redisInput: string | IORedisLike;
  readonly #redis: IORedisLike;
  readonly #ownsRedis: boolean;
  readonly #store: CampaignStore;
  readonly #prefix: string;
  readonly #batchSize: number;
  readonly #quotaResetAt: (now: number) => number;
  #bull: BullMQModule | undefined;
  #queue: { queue: BullQueue; connection: IORedisLike } | undefined;
  readonly #workers = new Set<CampaignWorker>();

  constructor(options: CampaignsOptions) {
    const { redis, pool, notifier } = options ?? {};
    if (typeof pool?.audiencePage !== 'function') {
      throw new InvalidArgumentError('pool must be a CreditPool (FormIdPool)', 'pool');
    }
    if (typeof notifier?.notify !== 'function') {
      throw new InvalidArgumentError('notifier must be a Notifier', 'notifier');
    }
    const prefix = options.prefix ?? 'wxtpl:';
    if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
      throw new InvalidArgumentError(
        'prefix must be up to 64 characters, no braces or spaces',
        'prefix',
      );
    }
    this.#batchSize = integer(options.batchSize, 500, 'batchSize', 1, 10_000);
    const timeoutMs = integer(options.commandTimeoutMs, 5000, 'commandTimeoutMs', 1, 600_000);
    if (typeof redis === 'string') {
      this.#redisInput = redis;
      this.#redis = connect(redis, { maxRetriesPerRequest: 1 });
      this.#ownsRedis = true;
    } else if (isIORedis(redis)) {
      this.#redisInput = redis;
      this.#redis = redis;
      this.#ownsRedis = false;
    } else {
      throw new InvalidArgumentError('redis must be a Redis URL or an ioredis client', 'redis');
    }
    this.#pool = pool;
    this.#notifier = notifier;
    this.#prefix = prefix;
    this.#quotaResetAt = options.quotaResetAt ?? nextQuotaReset;
    this.#store = new CampaignStore(this.#redis as unknown as CampaignRedis, prefix, timeoutMs);
  }

  /**
   * Starts a campaign: checks the message once (a `TemplateDataError` now rather than per user),
   * stores it, and queues the job that reads the audience. Resolves as soon as it is queued;
   * workers (`work`) send it.
   */
  async start(input: CampaignInput): Promise<{ id: string }> {
    const { template, audience, data, page, ratePerSecond } = input ?? ({} as CampaignInput);
    checkMessage(template, data, page);
    let openids: readonly string[] | undefined;
    let audienceTemplate = '';
    if (audience !== null && typeof audience === 'object' && 'subscribedTo' in audience) {
      if (typeof audience.subscribedTo !== 'string' || !OPENID.test(audience.subscribedTo)) {
        throw new InvalidArgumentError('audience.subscribedTo must be a template id', 'audience');
      }
      audienceTemplate = audience.subscribedTo;
    } else if (
      audience !== null &&
      typeof audience === 'object' &&
      Array.isArray(audience.openids)
    ) {
      openids = audience.openids;
      openids.forEach((openid, i) => {
        if (typeof openid !== 'string' || !OPENID.test(openid)) {
          throw new InvalidArgumentError('not an openid', `audience.openids[${i}]`);
        }
      });
    } else {
      throw new InvalidArgumentError(
        'audience must be { subscribedTo: templateId } or { openids: [...] }',
        'audience',
      );
    }
    if (
      ratePerSecond !== undefined &&
      (typeof ratePerSecond !== 'number' || !(ratePerSecond > 0) || ratePerSecond > 1_000_000)
    ) {
      throw new InvalidArgumentError('ratePerSecond must be a number > 0', 'ratePerSecond');
    }
    const id = `${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
    await this.#store.create(
      id,
      {
        templateId: template.id,
        template: JSON.stringify(template),
        data: stringifyData(data),
        page: page ?? '',
        rate: String(ratePerSecond ?? 0),
        audience: openids === undefined ? 'subscribedTo' : 'openids',
        audienceTemplate,
        state: 'running',
        planned: '0',
        cursor: '0',
        seq: '0',
        createdAt: String(Date.now()),
      },
      openids,
    );
    await this.#bullQueue().add(
      PLAN_JOB,
      { campaign: id },
      { ...JOB_OPTIONS, jobId: `${id}-plan` },
    );
    return { id };
  }

  /** Where the campaign stands, from the counters in Redis. */
  async status(id: string): Promise<CampaignStatus> {
    checkId(id);
    const { meta, counts, total } = await this.#store.read(id);
    if (meta.state === undefined) throw new CampaignNotFoundError(id);
    const byError: Record<string, number> = {};
    for (const [field, value] of Object.entries(counts)) {
      if (field.startsWith('e:')) byError[field.slice(2)] = Number(value);
    }
    const holdUntil = Number(meta.holdUntil ?? '0');
    const rate = Number(meta.rate ?? '0');
    return {
      id,
      state: meta.state as CampaignState,
      total,
      delivered: Number(counts.delivered ?? '0'),
      skipped: Number(counts.skipped ?? '0'),
      failed: Number(counts.failed ?? '0'),
      byError,
      inDoubt: Number(counts.inDoubt ?? '0'),
      planned: meta.planned === '1',
      templateId: meta.templateId ?? '',
      ratePerSecond: rate > 0 ? rate : null,
      createdAt: Number(meta.createdAt ?? '0'),
      finishedAt: meta.finishedAt === undefined ? null : Number(meta.finishedAt),
      resumeAt: holdUntil > Date.now() ? holdUntil : null,
    };
  }

  /** Stops further sends (messages in flight finish). False when it was over already. */
  async cancel(id: string): Promise<boolean> {
    checkId(id);
    const cancelled = await this.#store.cancel(id);
    if (!cancelled) await this.status(id);
    return cancelled;
  }

  /** Ends a park (45009) or backoff now, e.g. once the account's quota was raised. */
  async resume(id: string): Promise<boolean> {
    checkId(id);
    const resumed = await this.#store.resume(id);
    if (!resumed) {
      await this.status(id);
      return false;
    }
    await this.#bullQueue().promoteJobs();
    return true;
  }

  /**
   * Runs a worker in this process: takes batch jobs of every campaign of the app, sends at most
   * `concurrency` messages at once. Run one next to a web server, or several processes of them.
   */
  work(options: WorkOptions): CampaignWorker {
    const concurrency = integer(options?.concurrency, 0, 'concurrency', 1, 10_000);
    if (options.dataFor !== undefined && typeof options.dataFor !== 'function') {
      throw new InvalidArgumentError('dataFor must be a function', 'dataFor');
    }
    if (
      options.inDoubt !== undefined &&
      options.inDoubt !== 'skip' &&
      options.inDoubt !== 'repeat'
    ) {
      throw new InvalidArgumentError("inDoubt must be 'skip' or 'repeat'", 'inDoubt');
    }
    const lockDuration = integer(options.lockDurationMs, 30_000, 'lockDurationMs', 1000, 3_600_000);
    const bull = this.#bullmq();
    const runner = new CampaignRunner({
      store: this.#store,
      notifier: this.#notifier,
      pool: this.#pool,
      concurrency,
      dataFor: options.dataFor,
      quotaResetAt: this.#quotaResetAt,
      inDoubt: options.inDoubt ?? 'skip',
      graceMs: lockDuration,
    });
    const queue = this.#bullQueue();
    const connection = bullConnection(this.#redisInput);
    const processor = async (job: BullJob, token?: string): Promise<void> => {
      if (job.name === PLAN_JOB) {
        const { campaign } = job.data as { campaign: string };
        await planCampaign(campaign, {
          store: this.#store,
          pool: this.#pool,
          queue,
          batchSize: this.#batchSize,
        });
        return;
      }
      const { campaign, openids } = job.data as SendJobData;
      const firstRun = (job.attemptsMade ?? 0) === 0 && (job.stalledCounter ?? 0) === 0;
      const again = await runner.runBatch(campaign, openids, firstRun);
      if (again !== null) {
        await job.moveToDelayed(again, token);
        throw new bull.DelayedError();
      }
    };
    const worker = new bull.Worker(QUEUE, processor, {
      connection,
      prefix: this.#queuePrefix(),
      // Batches in progress at once: enough to keep `concurrency` sends busy across batch ends.
      concurrency: Math.ceil(concurrency / this.#batchSize) + 1,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 1000,
    });
    worker.on('error', () => {});
    // A batch that failed every attempt (Redis or WeChat away for minutes): its users unsettled
    // are failed (`GAVE_UP`), so the campaign still ends instead of running forever.
    worker.on('failed', (job, error) => {
      const failed = job as (BullJob & { opts?: { attempts?: number } }) | undefined;
      if (failed === undefined || failed.name !== SEND_JOB) return;
      if ((failed.attemptsMade ?? 0) < (failed.opts?.attempts ?? 1)) return;
      void runner.giveUp(failed.data as SendJobData, error).catch(() => {});
    });
    let closed: Promise<void> | undefined;
    const handle: CampaignWorker = {
      close: () => {
        closed ??= (async () => {
          runner.stop();
          await worker.close();
          connection.disconnect();
          this.#workers.delete(handle);
        })();
        return closed;
      },
    };
    this.#workers.add(handle);
    return handle;
  }

  /** Closes the workers of this instance, the queue, and the connections it opened. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.close()));
    if (this.#queue !== undefined) {
      await this.#queue.queue.close();
      this.#queue.connection.disconnect();
      this.#queue = undefined;
    }
    if (this.#ownsRedis) this.#redis.disconnect();
  }

  #bullmq(): BullMQModule {
    this.#bull ??= loadBullMQ();
    return this.#bull;
  }

  // One queue per app, all its keys on one Cluster slot.
  #queuePrefix(): string {
    const appId = this.#pool.appId;
    return `${this.#prefix}{campaigns:${appId.length}:${appId}}`;
  }

  #bullQueue(): BullQueue {
    if (this.#queue === undefined) {
      const connection = bullConnection(this.#redisInput);
      const queue = new (this.#bullmq().Queue)(QUEUE, { connection, prefix: this.#queuePrefix() });
      (queue as unknown as { on(event: string, listener: () => void): void }).on('error', () => {});
      this.#queue = { queue, connection };
    }
    return this.#queue.queue;
  }
}

const QUEUE = 'campaigns';

function checkMessage(template: unknown, data: unknown, page: unknown): void {
  if (page !== undefined && typeof page !== 'string') {
    throw new InvalidArgumentError('page must be a string', 'page');
  }
  if (
    typeof template !== 'object' ||
    template === null ||
    typeof (template as { id?: unknown }).id !== 'string'
  ) {
    throw new InvalidArgumentError(
      'template must be a defineSubscribeTemplate or defineTemplate definition',
      'template',
    );
  }
  // Builds one request as the Notifier will: bad data throws TemplateDataError here, once.
  if (isSubscribeDefinition(template)) {
    buildSubscribeSendRequest(template as SubscribeTemplateDefinition<SubscribeKeywordMap>, {
      touser: 'campaign-check',
      data: data as never,
      ...(page === undefined ? {} : { page: page as string }),
    });
  } else {
    buildSendRequest(template as TemplateDefinition<KeywordMap>, {
      touser: 'campaign-check',
      formId: '',
      data: data as never,
      page: page as string | undefined,
    });
  }
}

function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !/^[0-9a-z]{1,64}$/.test(id)) {
    throw new InvalidArgumentError('not a campaign id', 'id');
  }
}

function integer(value: unknown, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined && fallback >= min) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`, name);
  }
  return value;
}
