import { WxtplError } from '@wxtpl/shared-types';
import { AccessTokenError, WeChatApiError, WeChatTransportError } from '../errors.js';
import {
  AlreadyAttemptedError,
  DailyLimitError,
  MessageRejectedError,
  NoCreditError,
  NotifyError,
} from '../notify/errors.js';
import type { Notifier } from '../notify/notifier.js';
import { publish, WxtplChannels } from '../observe/channels.js';
import { Semaphore, sleep } from './semaphore.js';
import { parseData } from './serialize.js';
import type { CampaignStore, Outcome } from './store.js';
import type { WorkOptions } from './types.js';

/** A campaign as a worker needs it, read once per process. */
interface Loaded {
  id: string;
  templateId: string;
  template: object;
  data: Record<string, unknown>;
  page: string | undefined;
  intervalMs: number;
}

/** What one user's turn ended in. */
type Turn = 'ok' | 'done' | 'cancelled' | 'stopped' | { park: number };

/** What one send told the campaign. */
type SendOutcome =
  | { kind: 'record'; outcome: Outcome; error?: string; inDoubt?: boolean }
  | { kind: 'pushback' }
  | { kind: 'park' };

/** Holds longer than this move the whole batch job to later instead of keeping it. */
const LONGEST_SLEEP_MS = 5000;
/** How far ahead a worker may book a send slot of the rate. */
const MAX_AHEAD_MS = 1000;

/**
 * Sends the users of batch jobs, each through `Notifier.notify` under the idempotency key of the
 * campaign, at most `concurrency` at once in this process. Per user: the gate (outcome already
 * recorded? cancelled? held? the rate's next slot), the send, then the outcome recorded with the
 * counters in one script. A worker that dies mid-send leaves the take recorded under the key: the
 * retried job finds it and records the user as delivered (in doubt), never sending twice.
 */
export class CampaignRunner {
  readonly #store: CampaignStore;
  readonly #notifier: Notifier;
  readonly #dataFor: WorkOptions['dataFor'];
  readonly #slots: Semaphore;
  readonly #quotaResetAt: (now: number) => number;
  readonly #loaded = new Map<string, Loaded>();
  #stopping = false;

  constructor(options: {
    store: CampaignStore;
    notifier: Notifier;
    concurrency: number;
    dataFor: WorkOptions['dataFor'];
    quotaResetAt: (now: number) => number;
  }) {
    this.#store = options.store;
    this.#notifier = options.notifier;
    this.#dataFor = options.dataFor;
    this.#slots = new Semaphore(options.concurrency);
    this.#quotaResetAt = options.quotaResetAt;
  }

  /** Users not yet started are left for another worker. */
  stop(): void {
    this.#stopping = true;
  }

  /**
   * Runs one batch. Resolves to `null` when every user is settled (or the campaign cancelled),
   * or to the epoch ms at which the batch should run again (parked, or this worker stopping).
   * Rejects when the store or WeChat failed in a way a retry of the batch should meet.
   */
  async runBatch(campaignId: string, openids: readonly string[]): Promise<number | null> {
    const campaign = await this.#load(campaignId);
    const turns = await Promise.allSettled(
      openids.map((openid) => this.#slots.use(() => this.#turn(campaign, openid))),
    );
    let again: number | null = null;
    for (const turn of turns) {
      if (turn.status === 'rejected') throw turn.reason;
      const value = turn.value;
      if (value === 'stopped') again = Math.max(again ?? 0, Date.now());
      else if (typeof value === 'object') again = Math.max(again ?? 0, value.park);
    }
    return again;
  }

  async #turn(campaign: Loaded, openid: string): Promise<Turn> {
    for (;;) {
      if (this.#stopping) return 'stopped';
      const gate = await this.#store.gate(campaign.id, openid, campaign.intervalMs, MAX_AHEAD_MS);
      if (gate.kind === 'done' || gate.kind === 'cancelled') return gate.kind;
      if (gate.kind === 'hold' && gate.ms > LONGEST_SLEEP_MS) return { park: Date.now() + gate.ms };
      if (gate.kind !== 'go') {
        await sleep(gate.ms);
        continue;
      }
      if (gate.ms > 0) await sleep(gate.ms);
      const sent = await this.#send(campaign, openid);
      if (sent.kind === 'record') {
        await this.#store.record(campaign.id, openid, sent.outcome, sent.error, sent.inDoubt);
        publish(WxtplChannels.campaignProgress, () => ({
          campaignId: campaign.id,
          openid,
          outcome: { d: 'delivered', s: 'skipped', f: 'failed' }[sent.outcome],
          ...(sent.error === undefined ? {} : { error: sent.error }),
        }));
        return 'ok';
      }
      const until =
        sent.kind === 'park'
          ? await this.#store.hold(campaign.id, 'park', this.#quotaResetAt(Date.now()))
          : await this.#store.hold(campaign.id, 'pushback');
      publish(WxtplChannels.campaignHeld, () => ({
        campaignId: campaign.id,
        reason: sent.kind,
        until,
      }));
    }
  }

  async #send(campaign: Loaded, openid: string): Promise<SendOutcome> {
    let data = campaign.data;
    if (this.#dataFor !== undefined) {
      try {
        data = await this.#dataFor(openid, {
          id: campaign.id,
          templateId: campaign.templateId,
          data: campaign.data,
        });
      } catch {
        return { kind: 'record', outcome: 'f', error: 'DATA' };
      }
    }
    try {
      await this.#notifier.notify({
        openid,
        template: campaign.template as never,
        data: data as never,
        ...(campaign.page === undefined ? {} : { page: campaign.page }),
        idempotencyKey: `wxtpl-campaign:${campaign.id}`,
      });
      return { kind: 'record', outcome: 'd' };
    } catch (error) {
      return outcomeOf(error);
    }
  }

  async #load(id: string): Promise<Loaded> {
    const cached = this.#loaded.get(id);
    if (cached !== undefined) return cached;
    const { meta } = await this.#store.read(id);
    const rate = Number(meta.rate ?? '0');
    const loaded: Loaded = {
      id,
      templateId: meta.templateId ?? '',
      template: JSON.parse(meta.template ?? 'null'),
      data: parseData(meta.data ?? '{}') as Record<string, unknown>,
      page: meta.page === undefined || meta.page === '' ? undefined : meta.page,
      intervalMs: rate > 0 ? 1000 / rate : 0,
    };
    if (this.#loaded.size >= 100) this.#loaded.clear();
    this.#loaded.set(id, loaded);
    return loaded;
  }
}

/**
 * One decision for every way `notify` can end, in one place: delivered; skipped (no credit);
 * a pushback to wait out (-1, 45011, WeChat unreachable, no token); the daily quota spent (park);
 * failed for this user (the errcode or error code); or thrown, for the batch to be retried
 * (the credit store failed: nothing is known about the user).
 */
export function outcomeOf(error: unknown): SendOutcome {
  if (error instanceof AlreadyAttemptedError) {
    return { kind: 'record', outcome: 'd', inDoubt: true };
  }
  if (error instanceof NoCreditError) return { kind: 'record', outcome: 's' };
  if (error instanceof DailyLimitError) return { kind: 'park' };
  if (error instanceof MessageRejectedError) {
    return { kind: 'record', outcome: 'f', error: String(error.errcode) };
  }
  if (error instanceof WeChatApiError) {
    if (error.action === 'retry') return { kind: 'pushback' };
    if (error.action === 'quota') return { kind: 'park' };
    return { kind: 'record', outcome: 'f', error: String(error.errcode) };
  }
  if (error instanceof WeChatTransportError || error instanceof AccessTokenError) {
    return { kind: 'pushback' };
  }
  if (error instanceof NotifyError) return { kind: 'record', outcome: 'f', error: error.code };
  if (error instanceof WxtplError && error.code !== 'CREDIT_STORE') {
    return { kind: 'record', outcome: 'f', error: error.code };
  }
  throw error;
}
