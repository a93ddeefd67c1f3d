import type { ValidationIssue } from '@wxtpl/shared-types';

/**
 * Machine-readable code of a refused collect request:
 * `method_not_allowed` 405, `unauthorized` 401, `unsupported_media_type` 415,
 * `body_too_large` 413, `request_timeout` 408 (the body did not arrive within `bodyTimeoutMs`),
 * `invalid_encoding` / `invalid_json` / `invalid_body` / `invalid_request`
 * (a malformed Host header) 400, `rate_limited`
 * 429 (the user uploads more often than the pool's `uploadLimit`; `Retry-After` says when),
 * `internal` 500 (the app's `resolveOpenid` or the store failed, never the client's input).
 */
export type CollectErrorCode =
  | 'method_not_allowed'
  | 'unauthorized'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'request_timeout'
  | 'invalid_encoding'
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_request'
  | 'rate_limited'
  | 'internal';

/** JSON body of every non-200 answer of the collect handler. */
export interface CollectErrorBody {
  error: CollectErrorCode;
  message: string;
  /** For `invalid_body`: every problem found, with its JSON path. */
  issues?: ValidationIssue[];
}
