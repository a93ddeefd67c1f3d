import { channel } from 'node:diagnostics_channel';
import { isSubscribeDefinition, WxtplError } from '@wxtpl/shared-types';
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
import type { CreditPool } from '../pool/credit-pool.js';
import { CreditStoreError } from '../pool/errors.js';
import { OutcomeRecorder } from './recorder.js';
import { parseData } from './serialize.js';
import type { CampaignStore, Outcome, Recorded } from './store.js';
import type { WorkOptions } from './types.js';
import { patiently, Semaphore, sleep } from './waits.js';

/** A campaign as a worker needs it, read once per process. */
interface Loaded {
  id: string;
  templateId: string;
  template: object;
  /** Set for a subscribe template: the template its acceptances are bound to. */
  subscribeTemplateId: string | undefined;
  data: Record<string, unknown>;
  page: string | undefined;
  intervalMs: number;
  /** The idempotency key of its notifies. */
  key: string;
}

/** What one user's turn ended in: `recorded` settles once the outcome is in Redis (per group). */
type Turn =
  | 'done'
  | 'cancelled'
  | 'stopped'
  /** An earlier take under the campaign's key, its send unsettled: left for the batch's last pass. */
  | 'doubt'
  | { park: number }
  | { recorded: Promise<void> };

/** What one send told the campaign. */
type SendOutcome =
  | { kind: 'record'; outcome: Outcome; error?: string; inDoubt?: boolean }
  /** The credit store failed: nothing was sent (the take is the first thing notify does). */
  | { kind: 'store' }
  | { kind: 'pushback' }
  | { kind: 'park' }
  | { kind: 'doubt' };

/** One pass over users of a batch: what its turns found, as they end. */
interface Pass {
  again: number | null;
  doubts: string[];
  /** The recorder's groups holding outcomes of the pass (a few, shared by many users). */
  records: Set<Promise<void>>;
  failed: boolean;
  error: unknown;
  /** Turns started and not ended. */
  pending: number;
  /** Called when `pending` drops to 0 once every turn has started. */
  idle: (() => void) | undefined;
}

/** Holds longer than this move the whole batch job to later instead of keeping it. */
const LONGEST_SLEEP_MS = 5000;
/** How far ahead a worker may book a send slot of the rate. */
const MAX_AHEAD_MS = 1000;
/**
 * How long an outcome may wait for others to share its script call, unless its batch has no send
 * left (the batch flushes then): the worker spends one round trip on tens of users.
 */
const RECORD_LINGER_MS = 25;
const DELIVERED: SendOutcome = Object.freeze({ kind: 'record', outcome: 'd' });
/** How stale a worker's look at a campaign's state may be (no rate: no gate script per user). */
const PEEK_MS = 250;

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
  readonly #pool: CreditPool;
  readonly #dataFor: WorkOptions['dataFor'];
  readonly #slots: Semaphore;
  readonly #quotaResetAt: (now: number) => number;
  readonly #loaded = new Map<string, Loaded>();
  /** The last look at each campaign's state (one look shared by every send in flight). */
  readonly #peeked = new Map<
    string,
    {
      state: string | null;
      holdUntil: number;
      at: number;
      pending?: Promise<{ state: string | null; holdUntil: number; at: number }>;
    }
  >();
  readonly #inDoubt: 'reject' | 'repeat';
  readonly #recorder: OutcomeRecorder;
  readonly #graceMs: number;
  #stopping = false;

  constructor(options: {
    store: CampaignStore;
    notifier: Notifier;
    pool: CreditPool;
    concurrency: number;
    dataFor: WorkOptions['dataFor'];
    quotaResetAt: (now: number) => number;
    inDoubt: 'skip' | 'repeat';
    /** How long a worker may be silent before it counts as dead (the jobs' lock duration). */
    graceMs: number;
  }) {
    this.#graceMs = options.graceMs;
    this.#inDoubt = options.inDoubt === 'repeat' ? 'repeat' : 'reject';
    this.#store = options.store;
    this.#recorder = new OutcomeRecorder(options.store, {
      lingerMs: RECORD_LINGER_MS,
      written: progressOf,
    });
    this.#notifier = options.notifier;
    this.#pool = options.pool;
    this.#dataFor = options.dataFor;
    this.#slots = new Semaphore(options.concurrency);
    this.#quotaResetAt = options.quotaResetAt;
  }

  /** Users not yet started are left for another worker. */
  stop(): void {
    this.#stopping = true;
  }

  /**
   * Runs one batch (`firstRun`: never run before, by any worker). Resolves to `null` when every
   * user is settled (or the campaign cancelled), or to the epoch ms at which the batch should run
   * again (parked, or this worker stopping). Rejects when the store or WeChat failed in a way a
   * retry of the batch should meet.
   *
   * Users whose take under the campaign's key is already recorded wait for a last pass, `graceMs`
   * later: the worker that took them may be alive and sending still (a batch whose lock lapsed
   * runs twice), and it records them meanwhile. Only those still unsettled then are in doubt.
   */
  async runBatch(
    campaignId: string,
    openids: readonly string[],
    firstRun: boolean,
  ): Promise<number | null> {
    const campaign = await this.#load(campaignId);
    // A batch run again (a worker died, a park ended) skips whom it settled already.
    const settled = await this.#store.settled(campaignId, openids);
    const first = await this.#pass(
      campaign,
      openids.filter((openid) => !settled.has(openid)),
      firstRun,
      false,
    );
    if (first.doubts.length === 0 || first.again !== null) return first.again;
    await sleep(this.#graceMs);
    if (this.#stopping) return Date.now();
    const recorded = await patiently(() => this.#store.settled(campaignId, first.doubts));
    const last = await this.#pass(
      campaign,
      first.doubts.filter((openid) => !recorded.has(openid)),
      firstRun,
      true,
    );
    return last.again;
  }

  /** Turns for `openids`, at most `concurrency` at once; resolves once their outcomes are stored. */
  async #pass(campaign: Loaded, openids: string[], firstRun: boolean, last: boolean) {
    const pass: Pass = {
      again: null,
      doubts: [],
      records: new Set(),
      failed: false,
      error: undefined,
      pending: 0,
      idle: undefined,
    };
    for (const openid of openids) {
      const wait = this.#slots.acquire();
      if (wait !== undefined) await wait;
      pass.pending += 1;
      void this.#turnIn(pass, campaign, openid, firstRun, last);
    }
    if (pass.pending > 0) {
      await new Promise<void>((resolve) => {
        pass.idle = resolve;
      });
    }
    // No send of the pass is left: its last outcomes need not wait for others.
    this.#recorder.flush(campaign.id);
    if (pass.failed) throw pass.error;
    // The job ends only once every outcome of it is in Redis: a completed job is never run again.
    for (const recorded of pass.records) await recorded;
    return { again: pass.again, doubts: pass.doubts };
  }

  /** One user's turn in a pass, holding a slot: its end noted in `pass`, never rejects. */
  async #turnIn(
    pass: Pass,
    campaign: Loaded,
    openid: string,
    firstRun: boolean,
    last: boolean,
  ): Promise<void> {
    try {
      const value = await this.#turn(campaign, openid, firstRun, last);
      if (value === 'stopped') pass.again = Math.max(pass.again ?? 0, Date.now());
      else if (value === 'doubt') pass.doubts.push(openid);
      else if (typeof value === 'object') {
        if ('park' in value) pass.again = Math.max(pass.again ?? 0, value.park);
        else pass.records.add(value.recorded);
      }
    } catch (error) {
      if (!pass.failed) {
        pass.failed = true;
        pass.error = error;
      }
    } finally {
      this.#slots.release();
      pass.pending -= 1;
      if (pass.pending === 0) pass.idle?.();
    }
  }

  async #turn(campaign: Loaded, openid: string, firstRun: boolean, last: boolean): Promise<Turn> {
    for (;;) {
      if (this.#stopping) return 'stopped';
      let open = this.#open(campaign);
      if (typeof open !== 'boolean') open = await open;
      const gate = open
        ? ({ kind: 'go', ms: 0 } as const)
        : await patiently(() =>
            this.#store.gate(campaign.id, openid, campaign.intervalMs, MAX_AHEAD_MS),
          );
      if (gate.kind === 'done' || gate.kind === 'cancelled') return gate.kind;
      if (gate.kind === 'hold' && gate.ms > LONGEST_SLEEP_MS) return { park: Date.now() + gate.ms };
      if (gate.kind !== 'go') {
        await sleep(gate.ms);
        continue;
      }
      if (gate.ms > 0) await sleep(gate.ms);
      const sent = await this.#send(campaign, openid, last);
      if (sent.kind === 'doubt') return 'doubt';
      if (sent.kind === 'store') {
        // The take may have run with its reply lost. On a batch's first run no other worker has
        // tried this user, so a take under the key is ours and unsent: give it back once Redis
        // answers, and the retry takes afresh. On a later run it may be another worker's send in
        // doubt: leave it, and the retry finds it (AlreadyAttempted).
        await patiently(async () => {
          if (firstRun) await this.#release(campaign, openid);
          else await this.#pool.available(openid);
        });
        continue;
      }
      if (sent.kind === 'record') {
        // The outcome is known here: keep it through a Redis restart rather than leave it in
        // doubt. The slot is free for the next user while the outcome goes out with others.
        const { outcome, error, inDoubt } = sent;
        return {
          recorded: this.#recorder.record(campaign.id, { openid, outcome, error, inDoubt }),
        };
      }
      const until =
        sent.kind === 'park'
          ? await patiently(() =>
              this.#store.hold(campaign.id, 'park', this.#quotaResetAt(Date.now())),
            )
          : await patiently(() => this.#store.hold(campaign.id, 'pushback'));
      this.#peeked.delete(campaign.id);
      publish(WxtplChannels.campaignHeld, () => ({
        campaignId: campaign.id,
        reason: sent.kind,
        until,
      }));
    }
  }

  /**
   * The gate's fast path, for a campaign without a rate: running and not held, by a look at most
   * {@link PEEK_MS} old (a cancel or a hold reaches every worker within that). Anything else goes
   * through the gate script.
   */
  #open(campaign: Loaded): boolean | Promise<boolean> {
    if (campaign.intervalMs > 0) return false;
    const now = Date.now();
    const peeked = this.#peeked.get(campaign.id);
    if (peeked === undefined || now - peeked.at > PEEK_MS) return this.#look(campaign.id, now);
    if (peeked.pending !== undefined) {
      return peeked.pending.then((fresh) => fresh.state === 'running' && fresh.holdUntil <= now);
    }
    return peeked.state === 'running' && peeked.holdUntil <= now;
  }

  /** A fresh look at the campaign's state, shared by the sends asking meanwhile. */
  async #look(id: string, now: number): Promise<boolean> {
    const look = patiently(() => this.#store.peek(id)).then((p) => ({ ...p, at: Date.now() }));
    this.#peeked.set(id, { state: null, holdUntil: 0, at: now, pending: look });
    const fresh = await look;
    this.#peeked.set(id, fresh);
    return fresh.state === 'running' && fresh.holdUntil <= now;
  }

  /** Fails the users of a batch that ran out of attempts and are not settled yet. */
  async giveUp(batch: { campaign: string; openids: string[] }, _error: unknown): Promise<void> {
    const settled = await this.#store.settled(batch.campaign, batch.openids);
    const unsettled = batch.openids.filter((openid) => !settled.has(openid));
    if (unsettled.length === 0) return;
    await this.#store.record(
      batch.campaign,
      unsettled.map((openid) => ({ openid, outcome: 'f' as const, error: 'GAVE_UP' })),
    );
  }

  /** Restores the take made under the campaign's key for this user, if one is outstanding. */
  async #release(campaign: Loaded, openid: string): Promise<void> {
    const taken = await this.#pool.take(openid, {
      templateId: campaign.subscribeTemplateId,
      takeId: idempotencyKey(campaign.id),
    });
    if (taken.kind === 'credit') await taken.lease.giveBack();
  }

  /** Sends to one user; before the `last` pass an earlier unsettled take is a `doubt`. */
  async #send(campaign: Loaded, openid: string, last: boolean): Promise<SendOutcome> {
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
    const inDoubt = last ? this.#inDoubt : 'reject';
    try {
      await this.#notifier.notify(
        campaign.page === undefined
          ? {
              openid,
              template: campaign.template as never,
              data: data as never,
              idempotencyKey: campaign.key,
              inDoubt,
            }
          : {
              openid,
              template: campaign.template as never,
              data: data as never,
              page: campaign.page,
              idempotencyKey: campaign.key,
              inDoubt,
            },
      );
      return DELIVERED;
    } catch (error) {
      if (error instanceof CreditStoreError) return { kind: 'store' };
      if (!last && error instanceof AlreadyAttemptedError) return { kind: 'doubt' };
      return outcomeOf(error);
    }
  }

  async #load(id: string): Promise<Loaded> {
    const cached = this.#loaded.get(id);
    if (cached !== undefined) return cached;
    const { meta } = await this.#store.read(id);
    const rate = Number(meta.rate ?? '0');
    const template = JSON.parse(meta.template ?? 'null');
    const loaded: Loaded = {
      id,
      templateId: meta.templateId ?? '',
      template,
      subscribeTemplateId: isSubscribeDefinition(template) ? template.id : undefined,
      data: parseData(meta.data ?? '{}') as Record<string, unknown>,
      page: meta.page === undefined || meta.page === '' ? undefined : meta.page,
      intervalMs: rate > 0 ? 1000 / rate : 0,
      key: idempotencyKey(id),
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

const OUTCOME_NAMES = { d: 'delivered', s: 'skipped', f: 'failed' } as const;
const progress = channel(WxtplChannels.campaignProgress);

/** Progress events of outcomes now in Redis: built only when someone listens. */
function progressOf(campaignId: string, entries: readonly Recorded[]): void {
  if (!progress.hasSubscribers) return;
  for (const { openid, outcome, error } of entries) {
    publish(WxtplChannels.campaignProgress, () => ({
      campaignId,
      openid,
      outcome: OUTCOME_NAMES[outcome],
      ...(error === undefined ? {} : { error }),
    }));
  }
}

/** The key every notify of a campaign is made under (take records are per user). */
function idempotencyKey(campaignId: string): string {
  return `wxtpl-campaign:${campaignId}`;
}
