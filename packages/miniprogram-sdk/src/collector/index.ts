import {
  COLLECT_MAX_ITEMS,
  COLLECT_MAX_SUBSCRIPTIONS,
  type CollectItem,
  type CollectSubscription,
  CREDIT_TTL_MS,
  parseCollectResponse,
  validateFormId,
} from '../shared.js';
import { type CollectorWx, globalWx } from '../wx-api.js';
import { backoffDelay } from './backoff.js';
import { isFormIdItem, isReport, reportsOf } from './items.js';
import { messageOf, StoredQueue } from './queue.js';
import type { Collector, CollectorError, CollectorOptions, FlushResult } from './types.js';

export type * from './types.js';

/**
 * Creates a collector: formIds and subscribe-popup reports wait in wx storage until the backend's
 * `CollectResponse` accounts for them, so a killed app or a failed request loses none. Uploads
 * when `batchSize` formIds wait, as soon as a popup was accepted, every `flushIntervalMs`, when
 * the app hides, and at launch and show.
 */
export function createCollector(options: CollectorOptions): Collector {
  const wx = (options && options.wx) || globalWx<CollectorWx>();
  if (!wx) throw new TypeError('createCollector: no wx object (pass options.wx outside WeChat)');
  if (typeof options.endpoint !== 'string' || options.endpoint === '') {
    throw new TypeError('createCollector: endpoint must be your collect URL');
  }
  const batchSize = Math.max(1, Math.min(options.batchSize || 10, COLLECT_MAX_ITEMS));
  const intervalMs = options.flushIntervalMs === undefined ? 60_000 : options.flushIntervalMs;
  const timeoutMs = options.timeoutMs || 10_000;
  const maxStored = options.maxStored || 500;
  const log = options.debug ? (...args: unknown[]) => console.log('[wxtpl]', ...args) : () => {};

  const report = (error: CollectorError): CollectorError => {
    log('error', error.code, error.message);
    safely(options.onError, error);
    return error;
  };
  const storageError = (message: string) => report({ code: 'storage', message });
  const formIds = new StoredQueue<CollectItem>(
    wx,
    options.storageKey || 'wxtpl:formIds',
    maxStored,
    (item) => item.createdAt,
    isFormIdItem,
    storageError,
  );
  const reports = new StoredQueue<CollectSubscription>(
    wx,
    options.subscriptionStorageKey || 'wxtpl:subscriptions',
    maxStored,
    (item) => item.acceptedAt,
    isReport,
    storageError,
  );

  let inFlight: Promise<FlushResult> | null = null;
  // Items per upload: halved whenever the backend says the batch is too large.
  let cap = batchSize;
  let attempts = 0;
  let retryAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  // The serialised headers that met a 401: uploads wait until `header` yields something else.
  let pausedOn: string | null = null;
  // The backend answered without `subscriptions` (older than popup reports): reports stay stored
  // and stop going out until the next launch.
  let keepsReports = false;
  let destroyed = false;
  const waiting = () => formIds.items.length + (keepsReports ? 0 : reports.items.length);

  const backoff = (error: CollectorError): CollectorError => {
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
    formIds.removeWhere((item) => item.createdAt <= expiredBefore);
    const sent = formIds.items.slice(0, cap);
    const subscriptions = keepsReports
      ? []
      : reports.items.slice(0, Math.min(cap, COLLECT_MAX_SUBSCRIPTIONS));
    const result = (
      response: FlushResult['response'],
      error: CollectorError | null,
      went = true,
    ): FlushResult => ({
      sent: went ? sent : [],
      subscriptions: went ? subscriptions : [],
      response,
      error,
    });
    const nothing = (error: CollectorError | null = null) =>
      Promise.resolve(result(null, error, false));
    if (sent.length + subscriptions.length === 0) return nothing();
    let header: Record<string, string>;
    try {
      const source = options.header;
      header = (typeof source === 'function' ? source() : source) || {};
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
    log('upload', sent.length, subscriptions.length);
    return new Promise<FlushResult>((resolve) => {
      const done = (response: FlushResult['response'], error: CollectorError | null) =>
        resolve(result(response, error));
      const fail = (message: string) => done(null, backoff({ code: 'network', message }));
      const success = ({ statusCode, data }: { statusCode: number; data: unknown }) => {
        if (statusCode === 401) {
          pausedOn = session;
          return done(null, report({ code: 'unauthorized', message: 'HTTP 401', statusCode }));
        }
        if (statusCode < 200 || statusCode > 299) {
          const body = JSON.stringify(data);
          if (statusCode === 413 || body.indexOf('"too_many"') >= 0) cap = Math.max(1, cap >> 1);
          // Reports alone refused as an empty upload: a backend older than popup reports.
          if (sent.length === 0 && body.indexOf('"empty"') >= 0) keepsReports = true;
          return done(null, backoff({ code: 'http', message: `HTTP ${statusCode}`, statusCode }));
        }
        const parsed = parseCollectResponse(data);
        const settled: Record<string, boolean> = {};
        let named: string[] | undefined;
        if (parsed.ok) {
          const answer = parsed.value;
          for (const id of answer.accepted.concat(answer.duplicates)) settled[id] = true;
          for (const entry of answer.rejected) settled[entry.formId] = true;
          named = answer.subscriptions;
          if (subscriptions.length > 0 && !named) keepsReports = true;
        }
        const reported = (item: CollectSubscription) => !!named && named.indexOf(item.id) >= 0;
        // An answer that settles nothing we sent is no confirmation: retry it later.
        if (
          !parsed.ok ||
          !(sent.some((item) => settled[item.formId]) || subscriptions.some(reported))
        ) {
          const message = parsed.ok
            ? 'answer names nothing that was sent'
            : parsed.errors.map((issue) => issue.message).join('; ');
          return done(null, backoff({ code: 'malformed', message, statusCode }));
        }
        formIds.removeWhere((item) => !!settled[item.formId]);
        reports.removeWhere(reported);
        attempts = 0;
        retryAt = 0;
        done(parsed.value, null);
      };
      const data: Record<string, unknown> = { items: sent };
      if (subscriptions.length > 0) data.subscriptions = subscriptions;
      try {
        wx.request({
          url: options.endpoint,
          method: 'POST',
          data,
          header: Object.assign({}, header, { 'content-type': 'application/json' }),
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
      if (result.sent.length + result.subscriptions.length > 0) safely(options.onFlush, result);
      // What is left (a backlog larger than a batch, or items that arrived meanwhile) goes next.
      if (!result.error && waiting() > 0) auto('drain');
      return result;
    });
    inFlight = running;
    return running;
  };

  /** Automatic triggers respect the upload in flight, the backoff and the 401 pause. */
  const auto = (why: string): void => {
    if (destroyed || inFlight || waiting() === 0 || Date.now() < retryAt) return;
    log('flush:', why);
    void start(timeoutMs);
  };

  const onHide = () => {
    if (destroyed || inFlight || waiting() === 0) return;
    log('flush: hide');
    void start(options.hideTimeoutMs || 3_000);
  };
  const onShow = () => auto('show');
  if (wx.onAppHide) wx.onAppHide(onHide);
  if (wx.onAppShow) wx.onAppShow(onShow);
  const interval = intervalMs > 0 ? setInterval(() => auto('interval'), intervalMs) : undefined;
  if (waiting() > 0) void Promise.resolve().then(() => auto('launch'));

  const keep = (what: string, store: () => boolean): boolean => {
    try {
      return store();
    } catch (error) {
      report({ code: 'storage', message: messageOf(error) });
      log('dropped', what);
      return false;
    }
  };

  return {
    add: (formId) =>
      keep(formId, () => {
        if (
          typeof formId !== 'string' ||
          validateFormId(formId) !== null ||
          formIds.items.some((item) => item.formId === formId)
        ) {
          log('dropped', formId);
          return false;
        }
        formIds.push({ formId, createdAt: Date.now() });
        if (formIds.items.length >= batchSize) auto('batch');
        return true;
      }),
    addSubscriptions: (results, opts) =>
      keep('subscriptions', () => {
        const made = reportsOf(results, !!(opts && opts.longTerm), Date.now());
        if (made.length === 0) return false;
        reports.push(...made);
        // An acceptance is rare and worth a message now: send it without waiting for a batch.
        auto('subscriptions');
        return true;
      }),
    flush: () => inFlight || start(timeoutMs),
    pending: () => formIds.items.length + reports.items.length,
    resume() {
      pausedOn = null;
      auto('resume');
    },
    destroy() {
      destroyed = true;
      clearInterval(interval);
      clearTimeout(retryTimer);
      if (wx.offAppHide) wx.offAppHide(onHide);
      if (wx.offAppShow) wx.offAppShow(onShow);
    },
  };
}

/** Calls an app's hook; whatever it throws must not break collection. */
function safely<T>(hook: ((value: T) => void) | undefined, value: T): void {
  try {
    if (hook) hook(value);
  } catch {
    // ignored on purpose
  }
}
