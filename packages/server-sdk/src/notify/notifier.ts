import {
  buildSendRequest,
  type HexColor,
  InvalidArgumentError,
  type KeywordMap,
  type TemplateData,
  type TemplateDefinition,
  type TemplateSendRequest,
} from '@wxtpl/shared-types';
import type { TemplateSender } from '../client/types.js';
import { WeChatApiError, WeChatTransportError } from '../errors.js';
import type { CreditLease } from '../pool/credit-lease.js';
import type { CreditPool } from '../pool/credit-pool.js';
import type { CreditSource, SendLimit } from '../store/types.js';
import {
  CreditsExhaustedError,
  DailyLimitError,
  DeliveryUnknownError,
  InvalidPageError,
  MessageRejectedError,
  NoCreditError,
  PolicyError,
  TemplateRejectedError,
} from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of {@link Notifier}. */
export interface NotifierOptions {
  /** Sends the messages: a `WeChatClient` (it refreshes tokens and retries -1 itself). */
  client: TemplateSender;
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

/** One message to send: `data` and `emphasis` are typed by the template's keyword names. */
export interface NotifyInput<K extends KeywordMap> {
  openid: string;
  template: TemplateDefinition<K>;
  data: TemplateData<TemplateDefinition<K>>;
  /** Page opened when the user taps the message, e.g. `pages/order/index?id=1`. */
  page?: string;
  /** The keyword shown large. */
  emphasis?: keyof K & string;
  color?: HexColor;
  signal?: AbortSignal;
}

/** A delivered message. */
export interface NotifyResult {
  /** The formId or prepay_id that paid for it. */
  formId: string;
  source: CreditSource;
  /** Sends made to WeChat (dead credits and the unknown-outcome retry included). */
  attempts: number;
}

type Outcome = { kind: 'delivered' } | { kind: 'dead' } | { kind: 'failed'; error: unknown };

/**
 * Sends template messages, each paid for by the user's credit that expires first. Spends every
 * credit at most once, gives back those WeChat did not use, and turns each errcode into a typed
 * outcome.
 */
export class Notifier {
  readonly #client: TemplateSender;
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
   * Sends one message to `openid`. Resolves once WeChat accepted it; rejects with
   * `NoCreditError`, `PolicyError`, a `MessageRejectedError` (template, page, daily limit, data),
   * `DeliveryUnknownError`, `CreditsExhaustedError`, or the client's own error for failures that
   * outlived its retries (the credit then given back). A `TemplateDataError` for bad `data` is
   * thrown before any credit is touched.
   */
  async notify<K extends KeywordMap>(input: NotifyInput<K>): Promise<NotifyResult> {
    const { openid } = input;
    // Builds (and so validates) the payload before spending anything.
    const payload = buildSendRequest(input.template, {
      touser: openid,
      formId: '',
      data: input.data,
      page: input.page,
      emphasis: input.emphasis,
      color: input.color,
    });
    let attempts = 0;
    while (attempts < this.#maxAttempts) {
      const taken = await this.#pool.take(openid, { limit: this.#limit, signal: input.signal });
      if (taken.kind === 'none') throw new NoCreditError(openid, attempts);
      if (taken.kind === 'limited') {
        throw new PolicyError(openid, taken.retryAt, this.#limit as SendLimit);
      }
      const { lease } = taken;
      const request = { ...payload, form_id: lease.formId };
      attempts += 1;
      let outcome = await this.#send(request, input.signal);
      if (outcome.kind === 'failed' && isUnknownOutcome(outcome.error)) {
        if (lease.credit.source !== 'form' || input.signal?.aborted) {
          // A retry of a multi-use prepay_id could deliver twice: leave the use spent.
          throw new DeliveryUnknownError(openid, attempts, lease.formId, { cause: outcome.error });
        }
        attempts += 1;
        outcome = await this.#send(request, input.signal, true);
        // Only delivery, 41029 (delivered the first time) and 41028 (dead, so never delivered)
        // settle the first attempt; any other failure leaves it unknown and the use spent.
        if (outcome.kind === 'failed') {
          throw new DeliveryUnknownError(openid, attempts, lease.formId, { cause: outcome.error });
        }
      }
      if (outcome.kind === 'delivered') {
        return { formId: lease.formId, source: lease.credit.source, attempts };
      }
      if (outcome.kind === 'dead') {
        await lease.drop();
        continue;
      }
      await giveBackQuietly(lease);
      throw typed(outcome.error, openid, attempts, request);
    }
    throw new CreditsExhaustedError(openid, attempts);
  }

  /** One send; `retry` marks the unknown-outcome retry, where a used credit means delivered. */
  async #send(
    request: TemplateSendRequest,
    signal: AbortSignal | undefined,
    retry = false,
  ): Promise<Outcome> {
    try {
      await this.#client.messages.send(request, signal ? { signal } : undefined);
      return { kind: 'delivered' };
    } catch (error) {
      if (error instanceof WeChatApiError) {
        if (error.action === 'credit_used') return retry ? { kind: 'delivered' } : { kind: 'dead' };
        if (error.action === 'credit_dead') return { kind: 'dead' };
      }
      // Any other answer means WeChat did not use the credit.
      return { kind: 'failed', error };
    }
  }
}

/** The typed error of a send WeChat refused: the errcode table's `refused` and `quota` rows. */
function typed(
  error: unknown,
  openid: string,
  attempts: number,
  request: TemplateSendRequest,
): unknown {
  if (!(error instanceof WeChatApiError)) return error;
  const options = { cause: error };
  if (error.action === 'quota') {
    return new DailyLimitError(
      `the daily send limit of the account is reached (${error.errcode})`,
      openid,
      attempts,
      options,
    );
  }
  if (error.action !== 'refused') return error;
  if (error.errcode === 40037) {
    return new TemplateRejectedError(
      `WeChat does not know template ${JSON.stringify(request.template_id)} (40037)`,
      openid,
      attempts,
      options,
    );
  }
  if (error.errcode === 41030) {
    return new InvalidPageError(
      `WeChat refused the page ${JSON.stringify(request.page ?? '')} (41030)`,
      openid,
      attempts,
      options,
    );
  }
  return new MessageRejectedError(
    `WeChat refused the message: ${error.en} (${error.errcode})`,
    openid,
    attempts,
    error.errcode,
    options,
  );
}

function isUnknownOutcome(error: unknown): boolean {
  return error instanceof WeChatTransportError && error.requestSent;
}

async function giveBackQuietly(lease: CreditLease): Promise<void> {
  // The error being reported matters more; a failed give-back only leaves the use spent.
  await lease.giveBack().catch(() => false);
}
