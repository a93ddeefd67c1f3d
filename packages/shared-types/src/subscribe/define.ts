import { checkDefinition } from '../definition-checks.js';
import { TemplateDataError } from '../errors.js';
import { SUBSCRIBE_KEYWORDS_MAX } from '../limits.js';
import { describeType, isPlainObject, ownProperty } from '../validation.js';
import { type KeywordKind, keywordKindOf, type SubscribeSlot } from './kinds.js';
import { checkKeywordValue } from './rules.js';
import type {
  MiniprogramState,
  SubscribeLang,
  SubscribeSendData,
  SubscribeSendRequest,
} from './wire.js';

/** Semantic keyword names mapped to the template's data keys: `{ product: 'thing1' }`. */
export type SubscribeKeywordMap = Record<string, SubscribeSlot>;

export interface SubscribeTemplateDefinition<K extends SubscribeKeywordMap = SubscribeKeywordMap> {
  /** The account's `priTmplId`. */
  readonly id: string;
  readonly title: string;
  readonly keywords: Readonly<K>;
  /** For `enum` keywords: the values the template allows, by keyword name. */
  readonly enumValues: Readonly<Partial<Record<keyof K & string, readonly string[]>>>;
  /**
   * A long-term template (长期订阅, title type 3); absent for one-time ones. The phone asks for
   * one kind per popup, and `requestSubscribe` reads it from the definition.
   */
  readonly longTerm?: true;
}

/** What a keyword of this slot accepts: the kind types the data. */
export type SubscribeValue<S extends SubscribeSlot> = S extends `number${number}`
  ? string | number
  : S extends `time${number}` | `date${number}`
    ? string | Date
    : string;

/** The `data` a sender passes for a subscribe template: every keyword, by its semantic name. */
export type SubscribeData<T> =
  T extends SubscribeTemplateDefinition<infer K>
    ? { [Name in keyof K]: SubscribeValue<K[Name]> }
    : never;

/**
 * Declares a subscribe template once, for both sides. The data key names its kind
 * (`thing1` is a `thing`), and the kind types the value: `number` keywords take numbers too,
 * `time` and `date` keywords take `Date`s (written in Beijing time, as WeChat shows them).
 */
export function defineSubscribeTemplate<const K extends SubscribeKeywordMap>(definition: {
  id: string;
  title: string;
  keywords: K;
  enumValues?: Partial<Record<keyof K & string, readonly string[]>>;
  /** True for a long-term template (长期订阅); one-time by default. */
  longTerm?: boolean;
}): SubscribeTemplateDefinition<K> {
  const { id, title, keywords, enumValues = {}, longTerm } = definition;
  checkDefinition(definition, {
    max: SUBSCRIBE_KEYWORDS_MAX,
    noun: 'a subscribe template',
    isSlot: (slot) => typeof slot === 'string' && keywordKindOf(slot) !== undefined,
    example: 'a data key like "thing1" or "time2"',
  });
  if (!isPlainObject(enumValues)) {
    throw new TemplateDataError('enumValues must be an object', 'enumValues');
  }
  const enums: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(enumValues)) {
    const path = `enumValues.${name}`;
    const slot = ownProperty(keywords, name);
    if (typeof slot !== 'string' || keywordKindOf(slot) !== 'enum') {
      throw new TemplateDataError(`"${name}" is not an enum keyword of this template`, path);
    }
    if (!Array.isArray(values) || values.length === 0 || !values.every(isString)) {
      throw new TemplateDataError('enum values must be a non-empty array of strings', path);
    }
    enums[name] = Object.freeze([...values]);
  }
  if (longTerm !== undefined && typeof longTerm !== 'boolean') {
    throw new TemplateDataError('longTerm must be true or false', 'longTerm');
  }
  return Object.freeze({
    id,
    title,
    keywords: Object.freeze({ ...keywords }),
    enumValues: Object.freeze(enums) as SubscribeTemplateDefinition<K>['enumValues'],
    ...(longTerm ? { longTerm: true as const } : {}),
  });
}

/**
 * Checks `data` against the definition and every value against its kind's rule, the way WeChat
 * would (47003). Throws `TemplateDataError` with the path and the rule broken:
 * `data.product: thing allows at most 20 characters, got 23`.
 */
export function validateSubscribeData<K extends SubscribeKeywordMap>(
  definition: SubscribeTemplateDefinition<K>,
  data: SubscribeData<SubscribeTemplateDefinition<K>>,
): void {
  toSubscribeWireData(definition, data);
}

/** The exact `data` of a send request, after {@link validateSubscribeData}'s checks. */
export function toSubscribeWireData<K extends SubscribeKeywordMap>(
  definition: SubscribeTemplateDefinition<K>,
  data: SubscribeData<SubscribeTemplateDefinition<K>>,
): SubscribeSendData {
  if (!isPlainObject(data)) {
    throw new TemplateDataError(`data must be an object, got ${describeType(data)}`, 'data');
  }
  for (const name of Object.keys(data)) {
    if (!Object.hasOwn(definition.keywords, name)) {
      throw new TemplateDataError(
        `data.${name}: unknown keyword for template "${definition.title}" (expected ${Object.keys(definition.keywords).join(', ')})`,
        `data.${name}`,
      );
    }
  }
  const wire: SubscribeSendData = {};
  for (const [name, slot] of Object.entries(definition.keywords)) {
    const path = `data.${name}`;
    const kind = keywordKindOf(slot) as KeywordKind;
    const value = toText(kind, ownProperty(data, name), path);
    const enumValues = ownProperty(definition.enumValues, name) as readonly string[] | undefined;
    const problem = checkKeywordValue(kind, value, enumValues ? { enumValues } : {});
    if (problem !== null) throw new TemplateDataError(`${path}: ${problem}`, path);
    wire[slot] = { value };
  }
  return wire;
}

export interface BuildSubscribeSendRequestInput<K extends SubscribeKeywordMap> {
  touser: string;
  data: SubscribeData<SubscribeTemplateDefinition<K>>;
  page?: string;
  /** `miniprogram_state`: which version the card opens (default `formal`). */
  state?: MiniprogramState;
  lang?: SubscribeLang;
}

/** The full wire payload of `/cgi-bin/message/subscribe/send` for a defined template. */
export function buildSubscribeSendRequest<K extends SubscribeKeywordMap>(
  definition: SubscribeTemplateDefinition<K>,
  input: BuildSubscribeSendRequestInput<K>,
): SubscribeSendRequest {
  const request: SubscribeSendRequest = {
    touser: input.touser,
    template_id: definition.id,
    data: toSubscribeWireData(definition, input.data),
  };
  if (input.page !== undefined) request.page = input.page;
  if (input.state !== undefined) request.miniprogram_state = input.state;
  if (input.lang !== undefined) request.lang = input.lang;
  return request;
}

function toText(kind: KeywordKind, value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined) throw new TemplateDataError(`${path}: missing`, path);
  if (kind === 'number' && typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return String(value);
  }
  if ((kind === 'time' || kind === 'date') && value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TemplateDataError(`${path}: invalid Date`, path);
    return formatBeijing(value, kind);
  }
  throw new TemplateDataError(
    `${path}: ${kind} takes a string${kind === 'number' ? ' or a non-negative number' : kind === 'time' || kind === 'date' ? ' or a Date' : ''}, got ${describeType(value)}`,
    path,
  );
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `2019年10月1日` (date) or `2019年10月1日 15:01` (time), in Beijing time as WeChat shows it. */
function formatBeijing(date: Date, kind: 'time' | 'date'): string {
  const d = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const day = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  if (kind === 'date') return day;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
