import { remembered } from '../definition-cache.js';
import { type AtMostKeywords, checkDefinition, type DistinctSlots } from '../definition-checks.js';
import { TemplateDataError } from '../errors.js';
import { SUBSCRIBE_KEYWORDS_MAX } from '../limits.js';
import { describeType, isPlainObject, ownProperty } from '../validation.js';
import { type KeywordKind, keywordKindOf, type SubscribeSlot } from './kinds.js';
import { checkKeywordValue, type KeywordCheckOptions } from './rules.js';
import type {
  MiniprogramState,
  SubscribeLang,
  SubscribeSendData,
  SubscribeSendRequest,
} from './wire.js';

/** Semantic keyword names mapped to the template's data keys: `{ product: 'thing1' }`. */
export type SubscribeKeywordMap = Record<string, SubscribeSlot>;

/** The names of `K` whose data key may be an `enum` one (`status` of `{ status: 'enum3' }`). */
export type EnumKeywordName<K> = {
  [N in keyof K]-?: [Extract<K[N], `enum${number}`>] extends [never] ? never : N;
}[keyof K] &
  string;

/**
 * The values each `enum` keyword allows, as `gettemplate`'s `keywordEnumValueList` lists them:
 * `{ status: ['已发货', '运输中'] }`. Given as literals they type the keyword's data.
 */
export type SubscribeEnumValues<K> = { readonly [N in EnumKeywordName<K>]?: readonly string[] };

export interface SubscribeTemplateDefinition<
  K extends SubscribeKeywordMap = SubscribeKeywordMap,
  E extends SubscribeEnumValues<K> = SubscribeEnumValues<K>,
> {
  /** The account's `priTmplId`. */
  readonly id: string;
  readonly title: string;
  readonly keywords: Readonly<K>;
  /** For `enum` keywords: the values the template allows, by keyword name. */
  readonly enumValues: Readonly<E>;
  /**
   * A long-term template (type 3, 长期订阅): an acceptance allows messages until the user turns
   * it off. What a push handler's `isLongTerm` answers for this id.
   */
  readonly longTerm: boolean;
}

/** What a keyword of this slot accepts: the kind types the data. */
export type SubscribeValue<S extends SubscribeSlot> = S extends `number${number}`
  ? string | number
  : S extends `time${number}` | `date${number}`
    ? string | Date
    : string;

/**
 * The `data` a sender passes for a subscribe template: every keyword, by its semantic name, typed
 * by its kind; an `enum` keyword whose values the definition lists as literals takes one of them.
 */
export type SubscribeData<T> =
  T extends SubscribeTemplateDefinition<infer K, infer E>
    ? {
        [Name in keyof K]: Name extends keyof E
          ? E[Name] extends readonly (infer V extends string)[]
            ? V
            : SubscribeValue<K[Name]>
          : SubscribeValue<K[Name]>;
      }
    : never;

/**
 * Declares a subscribe template once, for both sides. The data key names its kind
 * (`thing1` is a `thing`), and the kind types the value: `number` keywords take numbers too,
 * `time` and `date` keywords take `Date`s (written in Beijing time, as WeChat shows them), `enum`
 * keywords one of their `enumValues`. Two names mapped to one data key, more than 5 keywords, or
 * `enumValues` for a keyword that is not an `enum` do not compile; the same is checked at run time
 * (`TemplateDataError` naming the path).
 */
export function defineSubscribeTemplate<
  const K extends SubscribeKeywordMap,
  // biome-ignore lint/complexity/noBannedTypes: no enum values given: an empty object type
  const E extends SubscribeEnumValues<K> = {},
>(definition: {
  id: string;
  title: string;
  keywords: K & DistinctSlots<K> & AtMostKeywords<K, typeof SUBSCRIBE_KEYWORDS_MAX>;
  enumValues?: E & { readonly [N in Exclude<keyof E, EnumKeywordName<K>>]: never };
  /** Type 3 (长期订阅) on the account; default false. */
  longTerm?: boolean;
}): SubscribeTemplateDefinition<K, E> {
  const { id, title, keywords, enumValues = {}, longTerm = false } = definition;
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
  if (typeof longTerm !== 'boolean') {
    throw new TemplateDataError(
      `longTerm must be a boolean, got ${describeType(longTerm)}`,
      'longTerm',
    );
  }
  return Object.freeze({
    id,
    title,
    keywords: Object.freeze({ ...keywords }),
    enumValues: Object.freeze(enums) as Readonly<E>,
    longTerm,
  });
}

/** Keyword maps known to be (true) or not to be (false) a subscribe template's. */
const subscribeKeywords = /* @__PURE__ */ new WeakMap<object, boolean>();

/**
 * True for a subscribe definition: its data keys name kinds (`thing1`), where a template
 * message's are `keywordN`.
 */
export function isSubscribeDefinition(
  definition: unknown,
): definition is SubscribeTemplateDefinition {
  const keywords =
    typeof definition === 'object' && definition !== null
      ? (definition as { keywords?: unknown }).keywords
      : undefined;
  if (typeof keywords !== 'object' || keywords === null) return false;
  return remembered(subscribeKeywords, keywords, Object.isFrozen, namesKinds);
}

/** Whether a keyword map's slots name kinds (`thing1`): a subscribe template's. */
function namesKinds(keywords: object): boolean {
  const [slot] = Object.values(keywords);
  return typeof slot === 'string' && keywordKindOf(slot) !== undefined;
}

/**
 * Checks `data` against the definition and every value against its kind's rule, the way WeChat
 * would (47003). Throws `TemplateDataError` with the path and the rule broken:
 * `data.product: thing allows at most 20 characters, got 23`.
 */
export function validateSubscribeData<
  K extends SubscribeKeywordMap,
  E extends SubscribeEnumValues<K> = SubscribeEnumValues<K>,
>(
  definition: SubscribeTemplateDefinition<K, E>,
  data: SubscribeData<SubscribeTemplateDefinition<K, E>>,
): void {
  toSubscribeWireData(definition, data);
}

/** The exact `data` of a send request, after {@link validateSubscribeData}'s checks. */
export function toSubscribeWireData<
  K extends SubscribeKeywordMap,
  E extends SubscribeEnumValues<K> = SubscribeEnumValues<K>,
>(
  definition: SubscribeTemplateDefinition<K, E>,
  data: SubscribeData<SubscribeTemplateDefinition<K, E>>,
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
  for (const { name, slot, path, kind, options } of keywordPlan(definition)) {
    const value = toText(kind, ownProperty(data, name), path);
    const problem = checkKeywordValue(kind, value, options);
    if (problem !== null) throw new TemplateDataError(`${path}: ${problem}`, path);
    wire[slot] = { value };
  }
  return wire;
}

/** One keyword as every send of its template checks it. */
interface KeywordPlan {
  name: string;
  slot: SubscribeSlot;
  /** `data.NAME`, named by errors. */
  path: string;
  kind: KeywordKind;
  options: KeywordCheckOptions;
}

const plans = /* @__PURE__ */ new WeakMap<SubscribeTemplateDefinition, readonly KeywordPlan[]>();

function keywordPlan(definition: SubscribeTemplateDefinition): readonly KeywordPlan[] {
  return remembered(plans, definition, isFrozenDefinition, planOf);
}

function isFrozenDefinition(definition: SubscribeTemplateDefinition): boolean {
  return (
    Object.isFrozen(definition) &&
    Object.isFrozen(definition.keywords) &&
    Object.isFrozen(definition.enumValues)
  );
}

function planOf(definition: SubscribeTemplateDefinition): readonly KeywordPlan[] {
  const { keywords, enumValues } = definition;
  return Object.entries(keywords).map(([name, slot]) => {
    // The list itself, not a copy: a definition's own array is what its sends check.
    const values = ownProperty(enumValues, name) as readonly string[] | undefined;
    return {
      name,
      slot,
      path: `data.${name}`,
      kind: keywordKindOf(slot) as KeywordKind,
      options: values ? { enumValues: values } : {},
    };
  });
}

export interface BuildSubscribeSendRequestInput<
  K extends SubscribeKeywordMap,
  E extends SubscribeEnumValues<K> = SubscribeEnumValues<K>,
> {
  touser: string;
  data: SubscribeData<SubscribeTemplateDefinition<K, E>>;
  page?: string;
  /** `miniprogram_state`: which version the card opens (default `formal`). */
  state?: MiniprogramState;
  lang?: SubscribeLang;
}

/** The full wire payload of `/cgi-bin/message/subscribe/send` for a defined template. */
export function buildSubscribeSendRequest<
  K extends SubscribeKeywordMap,
  E extends SubscribeEnumValues<K> = SubscribeEnumValues<K>,
>(
  definition: SubscribeTemplateDefinition<K, E>,
  input: BuildSubscribeSendRequestInput<K, E>,
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

const BEIJING_OFFSET_MS = 28_800_000; // UTC+8, a literal (see limits.ts)

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
