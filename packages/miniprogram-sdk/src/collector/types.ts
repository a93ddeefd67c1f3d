import type { CollectItem, CollectResponse, CollectSubscription } from '../shared.js';
import type { FormIdSink, SubscribeAnswer } from '../sink.js';
import type { CollectorWx } from '../wx-api.js';

/** Request headers, or a function read before every upload (return the current session). */
export type HeaderSource =
  | Record<string, string>
  | (() => Record<string, string> | null | undefined);

/** Options of `createCollector`. */
export interface CollectorOptions {
  /** Your backend's collect URL (a `createCollectHandler` from `@wxtpl/server-sdk`). */
  endpoint: string;
  /** Session headers; a function is read on every upload, so a refreshed session is picked up. */
  header?: HeaderSource;
  /** Upload once this many formIds wait (default 10). */
  batchSize?: number;
  /** Upload whatever waits this often, in ms (default 60 000; 0 turns the timer off). */
  flushIntervalMs?: number;
  /** wx storage key of the formIds (default `wxtpl:formIds`). */
  storageKey?: string;
  /** wx storage key of the subscribe-popup reports (default `wxtpl:subscriptions`). */
  subscriptionStorageKey?: string;
  /** The `wx` object (default the global one). */
  wx?: CollectorWx;
  /** Most formIds kept, and most popup reports; past it the oldest are dropped (default 500). */
  maxStored?: number;
  /** Called for every failure; the collector itself never throws into the page. */
  onError?: (error: CollectorError) => void;
  /** Called after every upload attempt with its outcome. */
  onFlush?: (result: FlushResult) => void;
  /** Logs what the collector does with `console.log` (never headers). */
  debug?: boolean;
  /** Upload timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Upload timeout when the app hides, in ms (default 3 000: WeChat cuts requests after 5 s). */
  hideTimeoutMs?: number;
}

/** What went wrong: storage, the network, the backend's status or answer, or the session. */
export type CollectorErrorCode = 'storage' | 'network' | 'http' | 'malformed' | 'unauthorized';

/** A failure reported through `onError` and in {@link FlushResult.error}. */
export interface CollectorError {
  code: CollectorErrorCode;
  message: string;
  /** HTTP status, for `http`, `malformed` and `unauthorized`. */
  statusCode?: number;
}

/** What one upload did. */
export interface FlushResult {
  /** The formIds that went out (empty when nothing was sent). */
  sent: CollectItem[];
  /** The popup reports that went out. */
  subscriptions: CollectSubscription[];
  /** The backend's validated answer, when there was one. */
  response: CollectResponse | null;
  error: CollectorError | null;
}

/** A collector of formIds and subscribe-popup results (see `createCollector`). */
export interface Collector extends FormIdSink {
  /** Stores a formId (storage first), then uploads when a batch is full. False when dropped. */
  add(formId: string): boolean;
  /**
   * Stores the accepted templates of a popup answer (`{TEMPLATE_ID: 'accept' | 'reject' | …}`,
   * as `wx.requestSubscribeMessage` gives it) as reports (storage first), then uploads them.
   * `longTerm` marks long-term templates. False when nothing was accepted.
   */
  addSubscriptions(results: SubscribeAnswer, options?: { longTerm?: boolean }): boolean;
  /** Uploads what waits now (joins the upload in flight, if any). Never rejects. */
  flush(): Promise<FlushResult>;
  /** How many formIds and popup reports wait for the backend's confirmation. */
  pending(): number;
  /** Ends a pause caused by a 401 (after the app logged in again). */
  resume(): void;
  /** Stops timers and app listeners; stored formIds stay for the next collector. */
  destroy(): void;
}
