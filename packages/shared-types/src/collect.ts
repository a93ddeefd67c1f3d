import type { FormIdProblem } from './form-id.js';
import {
  COLLECT_MAX_ID_LENGTH,
  COLLECT_MAX_ITEMS,
  COLLECT_MAX_SUBSCRIPTIONS,
  SUBSCRIBE_TMPL_IDS_MAX,
} from './limits.js';
import {
  describeType,
  isPlainObject,
  ownProperty,
  type ParseResult,
  type ValidationIssue,
} from './validation.js';

/**
 * The collector protocol: the mini-program POSTs a `CollectRequest` to the app's backend, which
 * answers a `CollectResponse` naming every formId and popup report the client may now forget.
 */
export interface CollectItem {
  formId: string;
  /** When the form was submitted, epoch milliseconds (the 7-day clock starts here). */
  createdAt: number;
}

/** A subscribe popup's accepted templates, as the page saw them (`success(res)`). */
export interface CollectSubscription {
  /** Unique per popup answer on this phone: a report delivered twice counts once. */
  id: string;
  /** The templates the user accepted (`'accept'` results only), at most 3. */
  templateIds: string[];
  /** The templates are long-term ones (长期订阅). */
  longTerm?: boolean;
  /** When the user answered, epoch milliseconds. */
  acceptedAt: number;
}

export interface CollectRequest {
  /** formIds; may be empty when the upload carries popup reports only. */
  items: CollectItem[];
  /** Subscribe-popup reports (collectors before subscribe messages send none). */
  subscriptions?: CollectSubscription[];
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
  /** Ids of the popup reports the backend recorded (or will never record): forget them. */
  subscriptions?: string[];
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
  /** Most popup reports accepted in one request (default {@link COLLECT_MAX_SUBSCRIPTIONS}). */
  maxSubscriptions?: number;
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
  const maxSubscriptions = options.maxSubscriptions ?? COLLECT_MAX_SUBSCRIPTIONS;
  if (!isPlainObject(input)) {
    return fail('', 'not_an_object', `expected an object, got ${describeType(input)}`);
  }
  const items = ownProperty(input, 'items');
  if (!Array.isArray(items)) {
    return fail('items', 'not_an_array', `expected an array, got ${describeType(items)}`);
  }
  const reports = ownProperty(input, 'subscriptions');
  if (reports !== undefined && !Array.isArray(reports)) {
    return fail('subscriptions', 'not_an_array', `expected an array, got ${describeType(reports)}`);
  }
  if (items.length === 0 && (reports === undefined || reports.length === 0)) {
    return fail('items', 'empty', 'expected at least one item or subscription');
  }
  if (items.length > maxItems) {
    return fail('items', 'too_many', `expected at most ${maxItems} items, got ${items.length}`);
  }
  if (reports !== undefined && reports.length > maxSubscriptions) {
    return fail(
      'subscriptions',
      'too_many',
      `expected at most ${maxSubscriptions} subscriptions, got ${reports.length}`,
    );
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
  const subscriptions = reports?.map((report, index) =>
    parseSubscription(report, `subscriptions[${index}]`, errors),
  );
  if (errors.length > 0) return { ok: false, errors };
  const value: CollectRequest = { items: parsed };
  if (subscriptions !== undefined) value.subscriptions = subscriptions as CollectSubscription[];
  return { ok: true, value };
}

function parseSubscription(
  input: unknown,
  at: string,
  errors: ValidationIssue[],
): CollectSubscription | undefined {
  if (!isPlainObject(input)) {
    errors.push(issue(at, 'not_an_object', `expected an object, got ${describeType(input)}`));
    return undefined;
  }
  const before = errors.length;
  const id = ownProperty(input, 'id');
  const templateIds = ownProperty(input, 'templateIds');
  const longTerm = ownProperty(input, 'longTerm');
  const acceptedAt = ownProperty(input, 'acceptedAt');
  if (!isShortString(id)) {
    errors.push(
      issue(`${at}.id`, 'not_an_id', `expected 1 to ${COLLECT_MAX_ID_LENGTH} characters`),
    );
  }
  if (
    !Array.isArray(templateIds) ||
    templateIds.length === 0 ||
    templateIds.length > SUBSCRIBE_TMPL_IDS_MAX ||
    !templateIds.every(isShortString)
  ) {
    errors.push(
      issue(
        `${at}.templateIds`,
        'not_template_ids',
        `expected 1 to ${SUBSCRIBE_TMPL_IDS_MAX} template ids`,
      ),
    );
  }
  if (longTerm !== undefined && typeof longTerm !== 'boolean') {
    errors.push(issue(`${at}.longTerm`, 'not_a_boolean', `expected true or false`));
  }
  if (typeof acceptedAt !== 'number' || !Number.isSafeInteger(acceptedAt) || acceptedAt <= 0) {
    errors.push(
      issue(
        `${at}.acceptedAt`,
        'not_a_timestamp',
        `expected epoch milliseconds (a positive integer), got ${describeValue(acceptedAt)}`,
      ),
    );
  }
  if (errors.length > before) return undefined;
  return {
    id: id as string,
    templateIds: [...(templateIds as string[])],
    ...(longTerm === true ? { longTerm: true } : {}),
    acceptedAt: acceptedAt as number,
  };
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= COLLECT_MAX_ID_LENGTH;
}

/** What an answer lets the phone forget: formIds and popup-report ids. */
export interface CollectSettlement {
  /** Every formId the answer names: accepted, duplicate or rejected. */
  formIds: string[];
  /** The popup reports it names; absent when the backend predates them (keep them). */
  subscriptions?: string[];
}

/**
 * The ids a backend's answer settles, or null when it is no `CollectResponse`: the phone's check,
 * lighter than {@link parseCollectResponse} (it ships in every mini-program) and lenient where
 * that helps the phone — a reject reason it does not know still settles the formId.
 */
export function collectSettlement(input: unknown): CollectSettlement | null {
  // Own properties only, nothing from a prototype. Lighter than isPlainObject and ownProperty:
  // the answer comes from JSON, whose objects are plain (an array or a string has none of the keys).
  const read = (value: unknown, key: string) =>
    // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on older WeChat clients
    value && {}.hasOwnProperty.call(value, key)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const strings = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((id) => typeof id === 'string');
  const [accepted, duplicates, rejected, named] = [
    'accepted',
    'duplicates',
    'rejected',
    'subscriptions',
  ].map((key) => read(input, key));
  if (!Array.isArray(accepted) || !Array.isArray(duplicates) || !Array.isArray(rejected)) {
    return null;
  }
  // Every formId the answer names: a rejected one counts, whatever its reason.
  const formIds: unknown[] = accepted.concat(
    duplicates,
    rejected.map((entry) => read(entry, 'formId')),
  );
  if (!strings(formIds) || (named !== undefined && !strings(named))) return null;
  return named ? { formIds, subscriptions: named } : { formIds };
}

/** Validates a backend's answer before the collector trusts it to drop stored formIds. */
export function parseCollectResponse(input: unknown): ParseResult<CollectResponse> {
  // Compact on purpose: the mini-program SDK bundles it.
  const errors: ValidationIssue[] = [];
  /** Records a problem unless `ok`; returns `ok`. */
  const check = (ok: boolean, path: string, code: string, expected: string, value: unknown) => {
    if (!ok) errors.push(issue(path, code, `expected ${expected}, got ${describeType(value)}`));
    return ok;
  };
  if (!check(isPlainObject(input), '', 'not_an_object', 'an object', input)) {
    return { ok: false, errors };
  }
  const answer = input as Record<string, unknown>;
  const list = <T>(key: string, each: (entry: unknown, at: string) => T | undefined): T[] => {
    const value = ownProperty(answer, key);
    const out: T[] = [];
    if (check(Array.isArray(value), key, 'not_an_array', 'an array', value)) {
      (value as unknown[]).forEach((entry, index) => {
        const parsed = each(entry, `${key}[${index}]`);
        if (parsed !== undefined) out.push(parsed);
      });
    }
    return out;
  };
  const text = (entry: unknown, at: string) =>
    check(typeof entry === 'string', at, 'not_a_string', 'a string', entry)
      ? (entry as string)
      : undefined;
  const value: CollectResponse = {
    accepted: list('accepted', text),
    duplicates: list('duplicates', text),
    rejected: list('rejected', (entry, at): CollectRejection | undefined => {
      if (!check(isPlainObject(entry), at, 'not_an_object', 'an object', entry)) return undefined;
      const formId = text(ownProperty(entry as Record<string, unknown>, 'formId'), `${at}.formId`);
      const reason = ownProperty(entry as Record<string, unknown>, 'reason');
      if (formId === undefined) return undefined;
      if (!REJECT_REASONS.has(reason as string)) {
        errors.push(
          issue(`${at}.reason`, 'unknown_reason', `unknown reason ${describeValue(reason)}`),
        );
        return undefined;
      }
      return { formId, reason: reason as CollectRejectReason };
    }),
  };
  if (ownProperty(answer, 'subscriptions') !== undefined) {
    value.subscriptions = list('subscriptions', text);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
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
