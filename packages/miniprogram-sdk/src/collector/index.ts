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
import { safely } from '../sink.js';
import { type CollectorWx, callWx, globalWx, messageOf } from '../wx-api.js';
import { backoffDelay } from './backoff.js';
import { isFormIdItem, isReport, reportsOf } from './items.js';
import { storedQueue } from './queue.js';
import type { Collector, CollectorError, CollectorOptions, FlushResult } from './types.js';

export type * from './types.js';

/**
 * Creates a collector: formIds and subscribe-popup reports wait in wx storage until the backend's
 * `CollectResponse` accounts for them, so a killed app or a failed request loses none. Uploads
 * when `batchSize` formIds wait, as soon as a popup was accepted, every `flushIntervalMs`, when
 * the app hides, and at launch and show.
 */
export function createCollector(options: CollectorOptions): Collector {
  const { endpoint, wx = globalWx<CollectorWx>(), flushIntervalMs = 60_000 } = options;
  if (!wx || !endpoint || typeof endpoint !== 'string') {
    throw new TypeError('createCollector: endpoint needed (and wx outside WeChat)');
  }
  const timeoutMs = options.timeoutMs || 10_000;
  const maxStored = options.maxStored || 500;
  const batchSize = Math.max(1, Math.min(options.batchSize || 10, COLLECT_MAX_ITEMS));
  const log = options.debug ? (...args: unknown[]) => console.log('[wxtpl]', ...args) : () => {};

  const report = (error: CollectorError): CollectorError => {
    log('error', error.code, error.message);
    safely(() => options.onError && options.onError(error));
    return error;
  };
  const storageError = (message: string) => report({ code: 'storage', message });
  const formIds = storedQueue<CollectItem>(
    wx,
    options.storageKey || 'wxtpl:formIds',
    maxStored,
    'createdAt',
    isFormIdItem,
    storageError,
  );
  const reports = storedQueue<CollectSubscription>(
    wx,
    options.subscriptionStorageKey || 'wxtpl:subscriptions',
    maxStored,
    'acceptedAt',
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

  /** One upload: what went and what came back, or the failure (retried with backoff). */
  const upload = async (timeout: number): Promise<FlushResult> => {
    const expiredBefore = Date.now() - CREDIT_TTL_MS;
    formIds.drop((item) => item.createdAt <= expiredBefore);
    const result: FlushResult = { sent: [], subscriptions: [], response: null, error: null };
    let header: Record<string, string>;
    let session: string;
    try {
      const source = options.header;
      header = (typeof source === 'function' ? source() : source) || {};
      session = JSON.stringify(header);
    } catch (thrown) {
      result.error = report({ code: 'unauthorized', message: `header(): ${messageOf(thrown)}` });
      return result;
    }
    if (pausedOn === session) {
      // Told once (at the 401), not at every trigger while the session stays stale.
      result.error = { code: 'unauthorized', message: 'paused until a new session' };
      return result;
    }
    pausedOn = null;
    const sent = formIds.items.slice(0, cap);
    const subscriptions = keepReports
      ? []
      : reports.items.slice(0, Math.min(cap, COLLECT_MAX_SUBSCRIPTIONS));
    if (sent.length + subscriptions.length === 0) return result;
    result.sent = sent;
    result.subscriptions = subscriptions;
    log('upload', sent.length, subscriptions.length);
    const data: { items: CollectItem[]; subscriptions?: CollectSubscription[] } = { items: sent };
    if (subscriptions.length > 0) data.subscriptions = subscriptions;
    try {
      // A wx.request that throws (bad parameters, a broken polyfill) rejects too: it must not
      // wedge uploads.
      const { statusCode, data: body } = await callWx<{ statusCode: number; data: unknown }>(
        wx,
        'request',
        {
          url: endpoint,
          method: 'POST',
          data,
          // As given: wx.request sends object data as JSON, with application/json by default.
          header,
          timeout,
        },
      ).catch((failure) => {
        throw { code: 'network', message: messageOf(failure) };
      });
      /** Ends this upload with a failure that names the HTTP status. */
      const fail = (code: CollectorError['code'], message: string): never => {
        throw { code, message, statusCode };
      };
      if (statusCode === 401) {
        pausedOn = session;
        fail('unauthorized', 'HTTP 401');
      }
      if (statusCode < 200 || statusCode > 299) {
        const text = JSON.stringify(body) || '';
        if (statusCode === 413 || text.indexOf('"too_many"') >= 0) cap = Math.max(1, cap >> 1);
        // Reports alone refused as an empty upload: a backend older than popup reports.
        if (sent.length === 0 && text.indexOf('"empty"') >= 0) keepReports = true;
        fail('http', `HTTP ${statusCode}`);
      }
      const settled = collectSettlement(body);
      if (!settled) return fail('malformed', 'not a collect answer');
      const named = settled.subscriptions;
      if (subscriptions.length > 0 && !named) keepReports = true;
      const isSettled = (item: CollectItem) => settled.formIds.indexOf(item.formId) >= 0;
      const isNamed = (item: CollectSubscription) => !!named && named.indexOf(item.id) >= 0;
      // An answer that settles nothing we sent is no confirmation: retry it later.
      if (!sent.some(isSettled) && !subscriptions.some(isNamed)) {
        fail('malformed', 'the answer names nothing sent');
      }
      formIds.drop(isSettled);
      reports.drop(isNamed);
      attempts = retryAt = 0;
      result.response = body as CollectResponse;
    } catch (error) {
      // A 401 waits for a new session instead (see pausedOn).
      if ((error as CollectorError).code !== 'unauthorized') {
        const delay = backoffDelay(++attempts);
        retryAt = Date.now() + delay;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => auto(), delay);
        log('retry in', delay);
      }
      result.error = report(error as CollectorError);
    }
    return result;
  };

  const start = (timeout: number): Promise<FlushResult> =>
    (inFlight = upload(timeout).then((result) => {
      inFlight = null;
      if (result.sent.length + result.subscriptions.length > 0) {
        safely(() => options.onFlush && options.onFlush(result));
      }
      // What is left (a backlog larger than a batch, or items that arrived meanwhile) goes next.
      if (!result.error) auto();
      return result;
    }));

  /** Automatic triggers respect the upload in flight, the backoff and the 401 pause. */
  const auto = (timeout = timeoutMs, now = Date.now()): void => {
    if (destroyed || inFlight || waiting() === 0 || now < retryAt) return;
    void start(timeout);
  };
  // The app hides: upload at once (WeChat cuts requests 5 s later), backoff or not.
  const onHide = () => auto(options.hideTimeoutMs || 3_000, Infinity);
  const onShow = () => auto();
  if (wx.onAppHide) wx.onAppHide(onHide);
  if (wx.onAppShow) wx.onAppShow(onShow);
  const interval = flushIntervalMs > 0 ? setInterval(() => auto(), flushIntervalMs) : 0;
  if (waiting() > 0) void Promise.resolve().then(() => auto());

  return {
    add(formId) {
      if (!validateFormId(formId) && !formIds.items.some((item) => item.formId === formId)) {
        formIds.push([{ formId, createdAt: Date.now() }]);
        if (formIds.items.length >= batchSize) auto();
        return true;
      }
      log('dropped', formId);
      return false;
    },
    addSubscriptions(results, popup) {
      const made = reportsOf(results, !!(popup && popup.longTerm), Date.now());
      if (made.length === 0) return false;
      reports.push(made);
      // An acceptance is rare and the backend may want to send at once: upload it now.
      auto();
      return true;
    },
    flush: () => inFlight || start(timeoutMs),
    pending: () => formIds.items.length + reports.items.length,
    resume() {
      pausedOn = null;
      auto();
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
