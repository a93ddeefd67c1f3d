import {
  COLLECT_MAX_ITEMS,
  type CollectItem,
  CREDIT_TTL_MS,
  parseCollectResponse,
  validateFormId,
} from '../shared.js';
import { type CollectorWx, globalWx } from '../wx-api.js';
import { backoffDelay } from './backoff.js';
import { FormIdQueue, messageOf } from './queue.js';
import type { Collector, CollectorError, CollectorOptions, FlushResult } from './types.js';

export type * from './types.js';

/**
 * Creates a formId collector: formIds wait in wx storage until the backend's `CollectResponse`
 * accounts for them, so a killed app or a failed request loses none. Uploads when `batchSize`
 * formIds wait, every `flushIntervalMs`, when the app hides, and at launch and show.
 */
export function createCollector(options: CollectorOptions): Collector {
  const wx = options?.wx ?? globalWx<CollectorWx>();
  if (!wx) throw new TypeError('createCollector: no wx object (pass options.wx outside WeChat)');
  if (typeof options.endpoint !== 'string' || options.endpoint === '') {
    throw new TypeError('createCollector: endpoint must be your collect URL');
  }
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 10, COLLECT_MAX_ITEMS));
  const intervalMs = options.flushIntervalMs ?? 60_000;
  const log = options.debug ? (...args: unknown[]) => console.log('[wxtpl]', ...args) : () => {};

  const report = (error: CollectorError): CollectorError => {
    log('error', error.code, error.message);
    safely(options.onError, error);
    return error;
  };
  const queue = new FormIdQueue(
    wx,
    options.storageKey ?? 'wxtpl:formIds',
    options.maxStored ?? 500,
    (message) => report({ code: 'storage', message }),
  );

  let inFlight: Promise<FlushResult> | null = null;
  // Items per upload: halved whenever the backend says the batch is too large.
  let cap = batchSize;
  let attempts = 0;
  let retryAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  // The serialised headers that met a 401: uploads wait until `header` yields something else.
  let pausedOn: string | null = null;
  let destroyed = false;

  const readHeader = (): Record<string, string> => {
    const source = options.header;
    const value = typeof source === 'function' ? source() : source;
    return value ?? {};
  };

  const backoff = (error: CollectorError): FlushResult['error'] => {
    attempts += 1;
    const delay = backoffDelay(attempts);
    retryAt = Date.now() + delay;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => auto('retry'), delay);
    log('retry in', delay, 'ms');
    return report(error);
  };

  const upload = (timeout: number): Promise<FlushResult> => {
    const expiredBefore = Date.now() - CREDIT_TTL_MS;
    queue.removeWhere((item) => item.createdAt <= expiredBefore);
    const sent: CollectItem[] = queue.items.slice(0, cap);
    const nothing = (error: CollectorError | null = null) =>
      Promise.resolve({ sent: [], response: null, error });
    if (sent.length === 0) return nothing();
    let header: Record<string, string>;
    try {
      header = readHeader();
    } catch (error) {
      return nothing(report({ code: 'unauthorized', message: `header(): ${messageOf(error)}` }));
    }
    const session = JSON.stringify(header);
    if (pausedOn !== null) {
      if (session === pausedOn) {
        return nothing({ code: 'unauthorized', message: 'paused until a new session' });
      }
      pausedOn = null;
    }
    log('upload', sent.length);
    return new Promise<FlushResult>((resolve) => {
      const done = (response: FlushResult['response'], error: FlushResult['error']) =>
        resolve({ sent, response, error });
      const fail = (message: string) => done(null, backoff({ code: 'network', message }));
      const success = ({ statusCode, data }: { statusCode: number; data: unknown }) => {
        if (statusCode === 401) {
          pausedOn = session;
          return done(null, report({ code: 'unauthorized', message: 'HTTP 401', statusCode }));
        }
        if (statusCode < 200 || statusCode > 299) {
          if (statusCode === 413 || JSON.stringify(data).includes('"too_many"')) {
            cap = Math.max(1, cap >> 1);
          }
          return done(null, backoff({ code: 'http', message: `HTTP ${statusCode}`, statusCode }));
        }
        const parsed = parseCollectResponse(data);
        const settled = new Set<string>();
        if (parsed.ok) {
          const { accepted, duplicates, rejected } = parsed.value;
          for (const id of [...accepted, ...duplicates]) settled.add(id);
          for (const entry of rejected) settled.add(entry.formId);
        }
        // An answer that settles nothing we sent is no confirmation: retry it later.
        if (!parsed.ok || !sent.some((item) => settled.has(item.formId))) {
          const message = parsed.ok
            ? 'answer names none of the sent formIds'
            : (parsed.errors[0]?.message ?? '');
          return done(null, backoff({ code: 'malformed', message, statusCode }));
        }
        queue.removeWhere((item) => settled.has(item.formId));
        attempts = 0;
        retryAt = 0;
        done(parsed.value, null);
      };
      try {
        wx.request({
          url: options.endpoint,
          method: 'POST',
          data: { items: sent },
          header: { ...header, 'content-type': 'application/json' },
          timeout,
          success,
          fail: ({ errMsg }) => fail(errMsg),
        });
      } catch (error) {
        // A wx.request that throws (bad parameters, a broken polyfill) must not wedge uploads.
        fail(messageOf(error));
      }
    });
  };

  const start = (timeout: number): Promise<FlushResult> => {
    const running = upload(timeout).then((result) => {
      inFlight = null;
      if (result.sent.length > 0) safely(options.onFlush, result);
      // What is left (a backlog larger than a batch, or items that arrived meanwhile) goes next.
      if (!result.error && queue.items.length > 0) auto('drain');
      return result;
    });
    inFlight = running;
    return running;
  };

  /** Automatic triggers respect the upload in flight, the backoff and the 401 pause. */
  const auto = (why: string): void => {
    if (destroyed || inFlight || queue.items.length === 0 || Date.now() < retryAt) return;
    log('flush:', why);
    void start(options.timeoutMs ?? 10_000);
  };

  const onHide = () => {
    if (destroyed || inFlight || queue.items.length === 0) return;
    log('flush: hide');
    void start(options.hideTimeoutMs ?? 3_000);
  };
  const onShow = () => auto('show');
  wx.onAppHide?.(onHide);
  wx.onAppShow?.(onShow);
  const interval = intervalMs > 0 ? setInterval(() => auto('interval'), intervalMs) : undefined;
  if (queue.items.length > 0) void Promise.resolve().then(() => auto('launch'));

  return {
    add(formId) {
      try {
        if (typeof formId !== 'string' || validateFormId(formId) !== null || queue.has(formId)) {
          log('dropped', formId);
          return false;
        }
        queue.push({ formId, createdAt: Date.now() });
        if (queue.items.length >= batchSize) auto('batch');
        return true;
      } catch (error) {
        report({ code: 'storage', message: messageOf(error) });
        return false;
      }
    },
    flush: () => inFlight ?? start(options.timeoutMs ?? 10_000),
    pending: () => queue.items.length,
    resume() {
      pausedOn = null;
      auto('resume');
    },
    destroy() {
      destroyed = true;
      clearInterval(interval);
      clearTimeout(retryTimer);
      wx.offAppHide?.(onHide);
      wx.offAppShow?.(onShow);
    },
  };
}

/** Calls an app's hook; whatever it throws must not break collection. */
function safely<T>(hook: ((value: T) => void) | undefined, value: T): void {
  try {
    hook?.(value);
  } catch {
    // ignored on purpose
  }
}
