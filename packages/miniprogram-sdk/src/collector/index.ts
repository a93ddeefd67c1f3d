import {
  COLLECT_MAX_ITEMS,
  COLLECT_MAX_SUBSCRIPTIONS,
  type CollectItem,
  type CollectResponse,
  type CollectSubscription,
  CREDIT_TTL_MS,
  collectSettlement,
  validateFormId,
} from '../shared.js';
import { type CollectorWx, globalWx } from '../wx-api.js';
import { backoffDelay } from './backoff.js';
import { isFormIdItem, isReport, reportsOf } from './items.js';
import { messageOf, storedQueue } from './queue.js';
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
  const formIds = storedQueue<CollectItem>(
    wx,
    options.storageKey || 'wxtpl:formIds',
    maxStored,
    (item) => item.createdAt,
    isFormIdItem,
    storageError,
  );
  const reports = storedQueue<CollectSubscription>(
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
  // The backend answered without naming popup reports (it predates them): they stay stored and
  // stop going out until the next launch.
  let keepReports = false;
  let destroyed = false;
  const waiting = () => formIds.items.length + (keepReports ? 0 : reports.items.length);

  const upload = (timeout: number): Promise<FlushResult> => {
    const expiredBefore = Date.now() - CREDIT_TTL_MS;
    formIds.drop((item) => item.createdAt <= expiredBefore);
    const sent = formIds.items.slice(0, cap);
    const subscriptions = keepReports
      ? []
      : reports.items.slice(0, Math.min(cap, COLLECT_MAX_SUBSCRIPTIONS));
    let header: Record<string, string> = {};
    let error: CollectorError | null = null;
    try {
      const source = options.header;
      header = (typeof source === 'function' ? source() : source) || {};
    } catch (thrown) {
      error = report({ code: 'unauthorized', message: `header(): ${messageOf(thrown)}` });
    }
    const session = JSON.stringify(header);
    if (!error && pausedOn !== null) {
      if (session === pausedOn)
        error = { code: 'unauthorized', message: 'paused until a new session' };
      else pausedOn = null;
    }
    if (error || sent.length + subscriptions.length === 0) {
      return Promise.resolve({ sent: [], subscriptions: [], response: null, error });
    }
    log('upload', sent.length, subscriptions.length);
    return new Promise<FlushResult>((resolve) => {
      const done = (response: CollectResponse | null, failure: CollectorError | null) =>
        resolve({ sent, subscriptions, response, error: failure });
      /** Reports a failure and retries with exponential backoff. */
      const retry = (failure: CollectorError) => {
        attempts += 1;
        const delay = backoffDelay(attempts);
        retryAt = Date.now() + delay;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => auto('retry'), delay);
        log('retry in', delay);
        done(null, report(failure));
      };
      const success = ({ statusCode, data }: { statusCode: number; data: unknown }) => {
        const http = (code: CollectorError['code'], message: string) =>
          retry({ code, message, statusCode });
        if (statusCode === 401) {
          pausedOn = session;
          return done(null, report({ code: 'unauthorized', message: 'HTTP 401', statusCode }));
        }
        if (statusCode < 200 || statusCode > 299) {
          const body = JSON.stringify(data) || '';
          if (statusCode === 413 || body.indexOf('"too_many"') >= 0) cap = Math.max(1, cap >> 1);
          // Reports alone refused as an empty upload: a backend older than popup reports.
          if (sent.length === 0 && body.indexOf('"empty"') >= 0) keepReports = true;
          return http('http', `HTTP ${statusCode}`);
        }
        const settled = collectSettlement(data);
        if (!settled) return http('malformed', 'not a collect answer');
        const named = settled.subscriptions;
        if (subscriptions.length > 0 && !named) keepReports = true;
        const isSettled = (item: CollectItem) => settled.formIds.indexOf(item.formId) >= 0;
        const isNamed = (item: CollectSubscription) => !!named && named.indexOf(item.id) >= 0;
        // An answer that settles nothing we sent is no confirmation: retry it later.
        if (!sent.some(isSettled) && !subscriptions.some(isNamed)) {
          return http('malformed', 'the answer names nothing that was sent');
        }
        formIds.drop(isSettled);
        reports.drop(isNamed);
        attempts = 0;
        retryAt = 0;
        done(data as CollectResponse, null);
      };
      const data: { items: CollectItem[]; subscriptions?: CollectSubscription[] } = { items: sent };
      if (subscriptions.length > 0) data.subscriptions = subscriptions;
      try {
        wx.request({
          url: options.endpoint,
          method: 'POST',
          data,
          header: Object.assign({}, header, { 'content-type': 'application/json' }),
          timeout,
          success,
          fail: ({ errMsg }) => retry({ code: 'network', message: errMsg }),
        });
      } catch (thrown) {
        // A wx.request that throws (bad parameters, a broken polyfill) must not wedge uploads.
        retry({ code: 'network', message: messageOf(thrown) });
      }
    });
  };

  const start = (timeout: number): Promise<FlushResult> =>
    (inFlight = upload(timeout).then((result) => {
      inFlight = null;
      if (result.sent.length + result.subscriptions.length > 0) safely(options.onFlush, result);
      // What is left (a backlog larger than a batch, or items that arrived meanwhile) goes next.
      if (!result.error) auto('drain');
      return result;
    }));

  /** Automatic triggers respect the upload in flight, the backoff and the 401 pause. */
  const auto = (why: string, timeout = timeoutMs, now = Date.now()): void => {
    if (destroyed || inFlight || waiting() === 0 || now < retryAt) return;
    log('flush:', why);
    void start(timeout);
  };
  // The app hides: upload at once (WeChat cuts requests 5 s later), backoff or not.
  const onHide = () => auto('hide', options.hideTimeoutMs || 3_000, Number.POSITIVE_INFINITY);
  const onShow = () => auto('show');
  if (wx.onAppHide) wx.onAppHide(onHide);
  if (wx.onAppShow) wx.onAppShow(onShow);
  const interval = intervalMs > 0 ? setInterval(() => auto('interval'), intervalMs) : undefined;
  if (waiting() > 0) void Promise.resolve().then(() => auto('launch'));

  /** Stores something new; storage failures are reported, never thrown into the page. */
  const keep = (what: unknown, store: () => boolean): boolean => {
    try {
      if (store()) return true;
    } catch (thrown) {
      report({ code: 'storage', message: messageOf(thrown) });
    }
    log('dropped', what);
    return false;
  };

  return {
    add: (formId) =>
      keep(formId, () => {
        if (
          typeof formId !== 'string' ||
          validateFormId(formId) !== null ||
          formIds.items.some((item) => item.formId === formId)
        ) {
          return false;
        }
        formIds.push({ formId, createdAt: Date.now() });
        if (formIds.items.length >= batchSize) auto('batch');
        return true;
      }),
    addSubscriptions: (results, popup) =>
      keep(results, () => {
        const made = reportsOf(results, !!(popup && popup.longTerm), Date.now());
        if (made.length === 0) return false;
        reports.push(...made);
        // An acceptance is rare and the backend may want to send at once: upload it now.
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
