import {
  buildSendRequest,
  buildSubscribeSendRequest,
  type HexColor,
  InvalidArgumentError,
  isSubscribeDefinition,
  type KeywordMap,
  type MiniprogramState,
  type SubscribeData,
  type SubscribeEnumValues,
  type SubscribeKeywordMap,
  type SubscribeLang,
  type SubscribeTemplateDefinition,
  type TemplateData,
  type TemplateDefinition,
} from '@wxtpl/shared-types';
import type { MessageSender } from '../client/types.js';
import { channels } from '../observe/channels.js';
import type { CreditLease } from '../pool/credit-lease.js';
import type { CreditPool } from '../pool/credit-pool.js';
import type { CreditSource, SendLimit } from '../store/types.js';
import {
  AlreadyAttemptedError,
  CreditsExhaustedError,
  DeliveryUnknownError,
  NoCreditError,
  PolicyError,
} from './errors.js';
import { type Outcome, outcomeOf, refusalError } from './outcome.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DELIVERED: Outcome = Object.freeze({ kind: 'delivered' });

/** Options of {@link Notifier}. */
export interface NotifierOptions {
  /** Sends the messages: a `WeChatClient` (it renews tokens and retries what may be retried). */
  client: MessageSender;
  /** The credits of the same app. */
  pool: CreditPool;
  /** Most sends one `notify` makes while credits turn out dead (41028/41029). Default 5. */
  maxAttempts?: number;
  /**
   * Anti-harassment policy (the reference document's 违规说明): at most `max` messages per user
   * within `windowMs` (default 24 hours), checked and counted in the same atomic take.
   */
  sendLimit?: { max: number; windowMs?: number };
}

/** A template message: `data` and `emphasis` are typed by the template's keyword names. */
export interface NotifyInput<K extends KeywordMap> {
  openid: string;
  template: TemplateDefinition<K>;
  data: TemplateData<TemplateDefinition<K>>;
  /** Page opened when the user taps the message, e.g. `pages/order/index?id=1`. */
  page?: string;
  /** The keyword shown large. */
  emphasis?: keyof K & string;
  color?: HexColor;
  /**
   * Makes this notify idempotent for an hour: a second `notify` under the same key (a job retried
   * after a crash) spends nothing more and rejects with `AlreadyAttemptedError` once the first
   * took a credit it did not give back. 1 to 180 printable characters, unique per message.
   */
  idempotencyKey?: string;
  /**
   * When an earlier notify under `idempotencyKey` took a credit and its fate is unknown (its
   * process died mid-send): `'reject'` (default) never sends again (`AlreadyAttemptedError`);
   * `'repeat'` sends again only when a second delivery is impossible — a formId, or the user's
   * last one-time acceptance of the template, where WeChat's 41029 / 43101 then confirms the
   * first — and rejects otherwise.
   */
  inDoubt?: 'reject' | 'repeat';
  signal?: AbortSignal;
}

/** A subscribe message: `data` is typed by the template's keywords, each by its kind. */
export interface SubscribeNotifyInput<
  K extends SubscribeKeywordMap,
  E extends SubscribeEnumValues<K> = SubscribeEnumValues<K>,
> {
  openid: string;
  template: SubscribeTemplateDefinition<K, E>;
  data: SubscribeData<SubscribeTemplateDefinition<K, E>>;
  page?: string;
  /** Which version of the mini-program the card opens; default: the client's `miniprogramState`. */
  state?: MiniprogramState;
  lang?: SubscribeLang;
  /**
   * Makes this notify idempotent for an hour: a second `notify` under the same key (a job retried
   * after a crash) spends nothing more and rejects with `AlreadyAttemptedError` once the first
   * took a credit it did not give back. 1 to 180 printable characters, unique per message.
   */
  idempotencyKey?: string;
  /**
   * When an earlier notify under `idempotencyKey` took a credit and its fate is unknown (its
   * process died mid-send): `'reject'` (default) never sends again (`AlreadyAttemptedError`);
   * `'repeat'` sends again only when a second delivery is impossible — a formId, or the user's
   * last one-time acceptance of the template, where WeChat's 41029 / 43101 then confirms the
   * first — and rejects otherwise.
   */
  inDoubt?: 'reject' | 'repeat';
  signal?: AbortSignal;
}

/** A delivered message. */
export interface NotifyResult {
  /** The credit that paid for it: the formId, prepay_id, or acceptance id. */
  formId: string;
  source: CreditSource;
  /** Sends made to WeChat (dead credits and the unknown-outcome retry included). */
  attempts: number;
}

/** One message, built and validated, ready to be paid for by a credit. */
interface Prepared {
  /** Set for a subscribe message: only an acceptance of this template pays for it. */
  templateId: string | undefined;
  request: { template_id: string; page?: string | undefined };
  send(lease: CreditLease): Promise<unknown>;
}

/**
 * Sends template messages and subscribe messages, each paid for by one of the user's credits:
 * the formId or prepay_id expiring first, or an acceptance of the subscribe template. Spends every
 * credit at most once, gives back those WeChat did not use, and turns each errcode into a typed
 * outcome by the errcode table.
 */
export class Notifier {
  readonly #client: MessageSender;
  readonly #pool: CreditPool;
  readonly #maxAttempts: number;
  readonly #limit: SendLimit | undefined;

  constructor(options: NotifierOptions) {
    const { client, pool } = options ?? {};
    if (typeof client?.messages?.send !== 'function') {
      throw new InvalidArgumentError('client must have messages.send (a WeChatClient)', 'client');
    }
    if (pool === undefined || typeof pool.take !== 'function') {
      throw new InvalidArgumentError('pool must be a CreditPool (FormIdPool)', 'pool');
    }
    if (client.appId !== pool.appId) {
      throw new InvalidArgumentError(
        `client app ${client.appId} and pool app ${pool.appId} differ`,
        'pool',
      );
    }
    const maxAttempts = options.maxAttempts ?? 5;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new InvalidArgumentError('maxAttempts must be a positive integer', 'maxAttempts');
    }
    this.#client = client;
    this.#pool = pool;
    this.#maxAttempts = maxAttempts;
    if (options.sendLimit !== undefined) {
      const { max, windowMs = DAY_MS } = options.sendLimit;
      if (!Number.isSafeInteger(max) || max < 1) {
        throw new InvalidArgumentError('sendLimit.max must be a positive integer', 'sendLimit.max');
      }
      if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
        throw new InvalidArgumentError(
          'sendLimit.windowMs must be a positive integer',
          'sendLimit.windowMs',
        );
      }
      this.#limit = { max, windowMs };
    }
  }

  /**
   * Sends one message to `openid`: a template message (a `defineTemplate` definition, paid for by
   * a formId or prepay_id) or a subscribe message (a `defineSubscribeTemplate` definition, paid
   * for by an acceptance of that template). Resolves once WeChat accepted it; rejects with
   * `NoCreditError`, `PolicyError`, a `MessageRejectedError` (template, page, daily limit, data,
   * sensitive words, …), `DeliveryUnknownError`, `CreditsExhaustedError`, `AccessTokenError`,
   * `CreditStoreError`, or the client's own error for failures that outlived its retries (the
   * credit then given back). A `TemplateDataError` for bad `data` is thrown before any credit is
   * touched.
   */
  notify<K extends KeywordMap>(input: NotifyInput<K>): Promise<NotifyResult>;
  notify<K extends SubscribeKeywordMap, E extends SubscribeEnumValues<K>>(
    input: SubscribeNotifyInput<K, E>,
  ): Promise<NotifyResult>;
  // One async function for the whole of a send — validation, takes, sends, settling — since each
  // further async layer costs every message a promise and a turn.
  async notify(
    input: NotifyInput<KeywordMap> | SubscribeNotifyInput<SubscribeKeywordMap>,
  ): Promise<NotifyResult> {
    const started = performance.now();
    const { openid } = input;
    try {
      const message = this.#prepare(input);
      const { signal, idempotencyKey } = input;
      const repeatInDoubt = input.inDoubt === 'repeat';
      let attempts = 0;
      for (let take = 0; take < this.#maxAttempts; take++) {
        const taken = await this.#pool.take(openid, {
          templateId: message.templateId,
          limit: this.#limit,
          signal,
          takeId:
            idempotencyKey === undefined || take === 0
              ? idempotencyKey
              : `${idempotencyKey}#${take}`,
        });
        if (taken.kind === 'none') throw new NoCreditError(openid, attempts, message.templateId);
        if (taken.kind === 'limited') {
          throw new PolicyError(openid, taken.retryAt, this.#limit as SendLimit);
        }
        const { lease } = taken;
        if (taken.replayed === 'taken') {
          if (!repeatInDoubt || !(await this.#mayRepeat(lease, signal))) {
            throw new AlreadyAttemptedError(openid, lease.formId);
          }
          return this.#delivered(input, await this.#repeat(message, lease, attempts), started);
        }
        if (taken.replayed === 'dropped') {
          // That credit was dead: an acceptance's template is gone, a formId gives way to the next.
          if (message.templateId !== undefined)
            throw new NoCreditError(openid, attempts, message.templateId);
          continue;
        }
        attempts += 1;
        // The first send, awaited here rather than through #send: the path of every message.
        let outcome: Outcome;
        try {
          await message.send(lease);
          outcome = DELIVERED;
        } catch (error) {
          outcome = outcomeOf(error, false);
        }
        if (outcome.kind === 'unknown') {
          if (!(await this.#mayRepeat(lease, signal))) {
            throw this.#unknown(openid, attempts, lease, outcome.error);
          }
          attempts += 1;
          outcome = await this.#send(message, lease, true);
          // Only delivery or a dead credit settle the first attempt; anything else leaves it unknown.
          if (outcome.kind === 'unknown' || outcome.kind === 'refused') {
            throw this.#unknown(openid, attempts, lease, outcome.error);
          }
        }
        if (outcome.kind === 'delivered') {
          return this.#delivered(
            input,
            { formId: lease.formId, source: lease.credit.source, attempts },
            started,
          );
        }
        if (outcome.kind === 'dead') {
          await lease.drop();
          if (channels.creditDropped.hasSubscribers) {
            channels.creditDropped.publish({
              ...this.#creditEvent(openid, lease, message),
              errcode: outcome.errcode,
            });
          }
          // 43101: WeChat holds no acceptance of this template; every one the pool held is gone.
          if (message.templateId !== undefined)
            throw new NoCreditError(openid, attempts, message.templateId);
          continue;
        }
        const restored = await lease.giveBack().catch(() => false);
        if (channels.creditGivenBack.hasSubscribers) {
          channels.creditGivenBack.publish({
            ...this.#creditEvent(openid, lease, message),
            restored,
          });
        }
        throw refusalError(outcome.error, openid, attempts, message.request);
      }
      throw new CreditsExhaustedError(openid, attempts);
    } catch (error) {
      if (channels.failed.hasSubscribers) {
        channels.failed.publish({
          appId: this.#pool.appId,
          openid,
          code: (error as { code?: unknown }).code ?? (error as Error)?.name,
          ...(typeof (error as { errcode?: unknown }).errcode === 'number'
            ? { errcode: (error as { errcode: number }).errcode }
            : {}),
          attempts: (error as { attempts?: number }).attempts ?? 0,
          durationMs: performance.now() - started,
        });
      }
      throw error;
    }
  }

  /** `result`, reported on the delivered channel. */
  #delivered(
    input: NotifyInput<KeywordMap> | SubscribeNotifyInput<SubscribeKeywordMap>,
    result: NotifyResult,
    started: number,
  ): NotifyResult {
    if (channels.delivered.hasSubscribers) {
      channels.delivered.publish({
        appId: this.#pool.appId,
        openid: input.openid,
        source: result.source,
        ...(isSubscribeDefinition(input.template) ? { templateId: input.template.id } : {}),
        attempts: result.attempts,
        durationMs: performance.now() - started,
      });
    }
    return result;
  }

  /** Builds (and so validates) the request before anything is spent. */
  #prepare(input: NotifyInput<KeywordMap> | SubscribeNotifyInput<SubscribeKeywordMap>): Prepared {
    const options = input.signal ? { signal: input.signal } : undefined;
    if (isSubscribeDefinition(input.template)) {
      const sender = this.#client.subscribe;
      if (typeof sender?.send !== 'function') {
        throw new InvalidArgumentError(
          'client must have subscribe.send (a WeChatClient)',
          'client',
        );
      }
      const subscribeInput = input as SubscribeNotifyInput<SubscribeKeywordMap>;
      const request = buildSubscribeSendRequest(subscribeInput.template, {
        touser: input.openid,
        data: subscribeInput.data,
        ...(subscribeInput.page === undefined ? {} : { page: subscribeInput.page }),
        ...(subscribeInput.state === undefined ? {} : { state: subscribeInput.state }),
        ...(subscribeInput.lang === undefined ? {} : { lang: subscribeInput.lang }),
      });
      return {
        templateId: request.template_id,
        request,
        send: () => sender.send(request, options),
      };
    }
    const templateInput = input as NotifyInput<KeywordMap>;
    const request = buildSendRequest(templateInput.template, {
      touser: input.openid,
      formId: '',
      data: templateInput.data,
      page: templateInput.page,
      emphasis: templateInput.emphasis,
      color: templateInput.color,
    });
    return {
      templateId: undefined,
      request,
      send: (lease) => this.#client.messages.send({ ...request, form_id: lease.formId }, options),
    };
  }

  /**
   * Sends again with the credit an earlier notify took and never settled, as the one repeat after
   * an unknown outcome: 41029 / 43101 then mean the first went out. Never gives the credit back
   * (the first send may have used it).
   */
  async #repeat(message: Prepared, lease: CreditLease, attempts: number): Promise<NotifyResult> {
    const { openid } = lease.credit;
    const outcome = await this.#send(message, lease, true);
    if (outcome.kind === 'delivered') {
      return { formId: lease.formId, source: lease.credit.source, attempts: attempts + 1 };
    }
    if (outcome.kind === 'dead') {
      await lease.drop();
      throw new NoCreditError(openid, attempts + 1);
    }
    if (outcome.kind === 'refused') {
      throw refusalError(outcome.error, openid, attempts + 1, message.request);
    }
    throw this.#unknown(openid, attempts + 1, lease, outcome.error);
  }

  async #send(message: Prepared, lease: CreditLease, retry: boolean): Promise<Outcome> {
    try {
      await message.send(lease);
      return { kind: 'delivered' };
    } catch (error) {
      return outcomeOf(error, retry);
    }
  }

  /**
   * Whether an unknown outcome may be settled by sending again with the same credit: only when a
   * second delivery is impossible. A formId is used once (41029 then says the first went out); a
   * prepay_id or a long-term acceptance could deliver twice; a one-time acceptance may be repeated
   * only when it was the user's last of that template (43101 then says the first went out).
   */
  async #mayRepeat(lease: CreditLease, signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted) return false;
    const { source, templateId, usesLeft, openid } = lease.credit;
    if (source === 'form') return true;
    if (source !== 'subscription' || templateId === undefined || usesLeft !== 0) return false;
    const left = await this.#pool.available(openid, { templateId }).catch(() => -1);
    return left === 0;
  }

  /** What every credit event says: whose credit, of which kind, for which template. */
  #creditEvent(openid: string, lease: CreditLease, message: Prepared) {
    return {
      appId: this.#pool.appId,
      openid,
      source: lease.credit.source,
      ...(message.templateId === undefined ? {} : { templateId: message.templateId }),
    };
  }

  #unknown(openid: string, attempts: number, lease: CreditLease, cause: unknown) {
    if (channels.unknownOutcome.hasSubscribers) {
      channels.unknownOutcome.publish({
        appId: this.#pool.appId,
        openid,
        source: lease.credit.source,
      });
    }
    return new DeliveryUnknownError(openid, attempts, lease.formId, { cause });
  }
}
