import type { FormIdProblem } from './form-id.js';
import { COLLECT_MAX_ITEMS } from './limits.js';
import {
  describeType,
  isPlainObject,
  ownProperty,
  type ParseResult,
  type ValidationIssue,
} from './validation.js';

/**
 * The collector protocol: the mini-program POSTs a `CollectRequest` to the app's backend, which
 * answers a `CollectResponse` naming every formId the client may now forget.
 */
export interface CollectItem {
  formId: string;
  /** When the form was submitted, epoch milliseconds (the 7-day clock starts here). */
  createdAt: number;
}

export interface CollectRequest {
  items: CollectItem[];
}

/**
 * Why the backend refused to store an item. Every reason is permanent: the client drops the item.
 * - formId problems from `validateFormId`;
 * - `expired`: older than the credit lifetime (less the safety margin);
 * - `created_in_future`: `createdAt` lies ahead of the server clock beyond the allowed skew.
 */
export type CollectRejectReason = FormIdProblem | 'expired' | 'created_in_future';

export interface CollectRejection {
  formId: string;
  reason: CollectRejectReason;
}

export interface CollectResponse {
  /** Stored as new credits. */
  accepted: string[];
  /** Already stored before: nothing changed. */
  duplicates: string[];
  /** Never storable: forget them. */
  rejected: CollectRejection[];
}

const REJECT_REASONS: ReadonlySet<string> = new Set<CollectRejectReason>([
  'not_a_string',
  'empty',
  'too_long',
  'control_characters',
  'mock',
  'expired',
  'created_in_future',
]);

export interface ParseCollectRequestOptions {
  /** Most items accepted in one request (default {@link COLLECT_MAX_ITEMS}). */
  maxItems?: number;
}

/**
 * Turns any parsed JSON into a typed `CollectRequest`, or lists every structural problem.
 * Structure only: an item whose formId is a string but not storable (mock, too long, …) is kept,
 * so that the server can answer it in `rejected` and the client can forget it.
 * Unknown fields (an `openid`, say) are ignored and never copied.
 */
export function parseCollectRequest(
  input: unknown,
  options: ParseCollectRequestOptions = {},
): ParseResult<CollectRequest> {
  const maxItems = options.maxItems ?? COLLECT_MAX_ITEMS;
  if (!isPlainObject(input)) {
    return fail('', 'not_an_object', `expected an object, got ${describeType(input)}`);
  }
  const items = ownProperty(input, 'items');
  if (!Array.isArray(items)) {
    return fail('items', 'not_an_array', `expected an array, got ${describeType(items)}`);
  }
  if (items.length === 0) return fail('items', 'empty', 'expected at least one item');
  if (items.length > maxItems) {
    return fail('items', 'too_many', `expected at most ${maxItems} items, got ${items.length}`);
  }
  const errors: ValidationIssue[] = [];
  const parsed: CollectItem[] = [];
  items.forEach((item, index) => {
    const at = `items[${index}]`;
    if (!isPlainObject(item)) {
      errors.push(issue(at, 'not_an_object', `expected an object, got ${describeType(item)}`));
      return;
    }
    const formId = ownProperty(item, 'formId');
    const createdAt = ownProperty(item, 'createdAt');
    const before = errors.length;
    if (typeof formId !== 'string') {
      errors.push(
        issue(`${at}.formId`, 'not_a_string', `expected a string, got ${describeType(formId)}`),
      );
    }
    if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || createdAt <= 0) {
      errors.push(
        issue(
          `${at}.createdAt`,
          'not_a_timestamp',
          `expected epoch milliseconds (a positive integer), got ${describeValue(createdAt)}`,
        ),
      );
    }
    if (errors.length === before) {
      parsed.push({ formId: formId as string, createdAt: createdAt as number });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { items: parsed } };
}

/** Validates a backend's answer before the collector trusts it to drop stored formIds. */
export function parseCollectResponse(input: unknown): ParseResult<CollectResponse> {
  if (!isPlainObject(input)) {
    return fail('', 'not_an_object', `expected an object, got ${describeType(input)}`);
  }
  const errors: ValidationIssue[] = [];
  const accepted = stringArray(input, 'accepted', errors);
  const duplicates = stringArray(input, 'duplicates', errors);
  const rejectedRaw = ownProperty(input, 'rejected');
  const rejected: CollectRejection[] = [];
  if (!Array.isArray(rejectedRaw)) {
    errors.push(
      issue('rejected', 'not_an_array', `expected an array, got ${describeType(rejectedRaw)}`),
    );
  } else {
    rejectedRaw.forEach((entry, index) => {
      const at = `rejected[${index}]`;
      if (!isPlainObject(entry)) {
        errors.push(issue(at, 'not_an_object', `expected an object, got ${describeType(entry)}`));
        return;
      }
      const formId = ownProperty(entry, 'formId');
      const reason = ownProperty(entry, 'reason');
      if (typeof formId !== 'string') {
        errors.push(
          issue(`${at}.formId`, 'not_a_string', `expected a string, got ${describeType(formId)}`),
        );
      } else if (typeof reason !== 'string' || !REJECT_REASONS.has(reason)) {
        errors.push(
          issue(`${at}.reason`, 'unknown_reason', `unknown reason ${describeValue(reason)}`),
        );
      } else {
        rejected.push({ formId, reason: reason as CollectRejectReason });
      }
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { accepted, duplicates, rejected } };
}

function stringArray(
  obj: Record<string, unknown>,
  key: string,
  errors: ValidationIssue[],
): string[] {
  const value = ownProperty(obj, key);
  if (!Array.isArray(value)) {
    errors.push(issue(key, 'not_an_array', `expected an array, got ${describeType(value)}`));
    return [];
  }
  const out: string[] = [];
  value.forEach((entry, index) => {
    if (typeof entry === 'string') out.push(entry);
    else
      errors.push(
        issue(`${key}[${index}]`, 'not_a_string', `expected a string, got ${describeType(entry)}`),
      );
  });
  return out;
}

function issue(path: string, code: string, message: string): ValidationIssue {
  return { path, code, message };
}

function fail<T>(path: string, code: string, message: string): ParseResult<T> {
  return { ok: false, errors: [issue(path, code, message)] };
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return describeType(value);
}
