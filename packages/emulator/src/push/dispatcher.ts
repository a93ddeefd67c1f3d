import { setTimeout as sleep } from 'node:timers/promises';
import type { SubscribeEventName, SubscribePushEvent } from '@wxtpl/shared-types';
import type { FaultSet } from '../state/faults.js';
import type { PushConfig } from '../state/push-config.js';
import type { StatsCounter } from '../state/stats.js';
import { encryptPush, pushNonce, pushSignature } from './crypto.js';
import { envelope, eventToXml } from './format.js';
import { callAppServer } from './http.js';

/** One attempt to deliver a push: the HTTP status and answer, or why there was none. */
export interface PushAttempt {
  status: number | null;
  /** The answer's first 200 characters. */
  answer?: string;
  error?: string;
}

/** A push and what became of it, for `GET /__emulator/pushes`. */
export interface PushRecord {
  id: number;
  appid: string;
  event: SubscribeEventName;
  openid: string;
  createTime: number;
  /** `pending` while attempts remain; `dropped` by a fault rule. */
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: PushAttempt[];
}

/** The app as the dispatcher needs it. */
export interface PushTarget {
  appId: string;
  push: PushConfig | null;
}

/** Pushes kept for `GET /__emulator/pushes`. */
const LOG_CAPACITY = 1000;

/**
 * Delivers message-push events to the apps' servers as WeChat does: signed, encrypted in safe
 * mode, retried when the answer is not `success` (or empty) within the timeout.
 */
export class PushDispatcher {
  readonly #faults: FaultSet;
  readonly #stats: StatsCounter;
  /** The virtual clock: a push's `timestamp` agrees with its `CreateTime`. */
  readonly #now: () => number;
  #records: PushRecord[] = [];
  #sequence = 0;
  readonly #running = new Set<Promise<void>>();
  #abort = new AbortController();

  constructor(faults: FaultSet, stats: StatsCounter, now: () => number) {
    this.#faults = faults;
    this.#stats = stats;
    this.#now = now;
  }

  /** Starts delivering `event` when the app has message push configured. */
  dispatch(app: PushTarget, event: SubscribePushEvent): PushRecord | null {
    const config = app.push;
    if (config === null) return null;
    this.#sequence += 1;
    const record: PushRecord = {
      id: this.#sequence,
      appid: app.appId,
      event: event.Event,
      openid: event.FromUserName,
      createTime: Number(event.CreateTime),
      state: 'pending',
      attempts: [],
    };
    this.#records.push(record);
    if (this.#records.length >= 2 * LOG_CAPACITY) this.#records.splice(0, LOG_CAPACITY);
    const fault = this.#faults.matchPush(event.Event);
    if (fault?.drop) {
      record.state = 'dropped';
      this.#stats.pushes.dropped += 1;
      return record;
    }
    const task = this.#deliver(app.appId, config, event, record, fault?.delayMs ?? 0).finally(() =>
      this.#running.delete(task),
    );
    this.#running.add(task);
    return record;
  }

  /** Resolves once no push is being delivered. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  list(appId?: string): PushRecord[] {
    const recent = this.#records.slice(-LOG_CAPACITY);
    return appId === undefined ? recent : recent.filter((r) => r.appid === appId);
  }

  /** Abandons every delivery in progress (they end `failed`) and forgets the log. */
  clear(): void {
    this.stop();
    this.#abort = new AbortController();
    this.#records = [];
    this.#sequence = 0;
  }

  /** Abandons every delivery in progress. */
  stop(): void {
    this.#abort.abort();
  }

  async #deliver(
    appId: string,
    config: PushConfig,
    event: SubscribePushEvent,
    record: PushRecord,
    delayMs: number,
  ): Promise<void> {
    const signal = this.#abort.signal;
    const plain = config.format === 'json' ? JSON.stringify(event) : eventToXml(event);
    const encrypted =
      config.encodingAESKey === undefined ? null : encryptPush(config.encodingAESKey, appId, plain);
    const body =
      encrypted === null || config.mode === 'plain'
        ? plain
        : config.mode === 'safe'
          ? envelope(config.format, event.ToUserName, encrypted)
          : withEncrypt(config.format, event, encrypted);
    const contentType =
      config.format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8';
    try {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal });
      for (let attempt = 0; attempt <= config.retries; attempt++) {
        if (attempt > 0 && config.retryDelayMs > 0) {
          await sleep(config.retryDelayMs, undefined, { signal });
        }
        const url = signedUrl(config, encrypted, this.#now());
        try {
          const answer = await callAppServer(url, {
            method: 'POST',
            body,
            contentType,
            timeoutMs: config.timeoutMs,
            signal,
          });
          const text = answer.text.trim();
          record.attempts.push({ status: answer.status, answer: text.slice(0, 200) });
          if (answer.status === 200 && (text === 'success' || text === '')) {
            record.state = 'delivered';
            this.#stats.pushes.delivered += 1;
            return;
          }
        } catch (error) {
          if (signal.aborted) throw error;
          record.attempts.push({ status: null, error: (error as Error).message });
        }
      }
    } catch {
      // Stopped by a reset or close: the push is abandoned, not counted.
      record.state = 'failed';
      return;
    }
    record.state = 'failed';
    this.#stats.pushes.failed += 1;
  }
}

/** The push URL with `signature`, `timestamp`, `nonce` (and `encrypt_type`, `msg_signature`). */
function signedUrl(config: PushConfig, encrypted: string | null, now: number): URL {
  const url = new URL(config.url);
  const timestamp = String(Math.floor(now / 1000));
  const nonce = pushNonce();
  url.searchParams.set('signature', pushSignature(config.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  if (encrypted !== null && config.mode !== 'plain') {
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', pushSignature(config.token, timestamp, nonce, encrypted));
  }
  return url;
}

/** Compatible mode: the plain event with its encrypted copy alongside. */
function withEncrypt(format: 'json' | 'xml', event: SubscribePushEvent, encrypted: string): string {
  return format === 'json'
    ? JSON.stringify({ ...event, Encrypt: encrypted })
    : eventToXml(event, { Encrypt: encrypted });
}

/** The URL check the admin console makes when the push URL is saved. */
export async function verifyPushUrl(
  config: PushConfig,
  now: number,
): Promise<{ ok: boolean; status: number | null; answer?: string; error?: string }> {
  const url = new URL(config.url);
  const timestamp = String(Math.floor(now / 1000));
  const nonce = pushNonce();
  const echostr = pushNonce() + pushNonce();
  url.searchParams.set('signature', pushSignature(config.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('echostr', echostr);
  try {
    const answer = await callAppServer(url, {
      method: 'GET',
      timeoutMs: config.timeoutMs,
      signal: new AbortController().signal,
    });
    return {
      ok: answer.status === 200 && answer.text === echostr,
      status: answer.status,
      answer: answer.text.slice(0, 200),
    };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message };
  }
}
