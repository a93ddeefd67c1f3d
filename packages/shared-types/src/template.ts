import { remembered } from './definition-cache.js';
import { checkDefinition, type DistinctSlots } from './definition-checks.js';
import { TemplateDataError } from './errors.js';
import { TEMPLATE_KEYWORDS_MAX } from './limits.js';
import { describeType, isPlainObject, ownProperty } from './validation.js';
import type {
  HexColor,
  KeywordSlot,
  TemplateDataValue,
  TemplateSendData,
  TemplateSendRequest,
} from './wire.js';

/**
 * A slot a template can have: `keyword1` to `keyword10` (a template combines at most
 * {@link TEMPLATE_KEYWORDS_MAX} keywords, numbered in order).
 */
export type TemplateKeywordSlot = `keyword${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`;

/** Semantic keyword names mapped to WeChat's slots: `{ place: 'keyword1', time: 'keyword2' }`. */
export type KeywordMap = Record<string, TemplateKeywordSlot>;

export interface TemplateDefinition<K extends KeywordMap = KeywordMap> {
  /** The template_id in the account's template list. */
  readonly id: string;
  readonly title: string;
  readonly keywords: Readonly<K>;
}

/** One keyword's value: a string, or a string with its own color. */
export type KeywordValue = string | { value: string; color?: HexColor };

/** The `data` a sender passes for a template: every keyword, by its semantic name. */
export type TemplateData<T> =
  T extends TemplateDefinition<infer K> ? { [Name in keyof K]: KeywordValue } : never;

/** A keyword name of a template, for `emphasis`. */
export type KeywordName<T> = T extends TemplateDefinition<infer K> ? keyof K & string : never;

const SLOT = /^keyword([1-9][0-9]?)$/;
const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export function isHexColor(value: unknown): value is HexColor {
  return typeof value === 'string' && COLOR.test(value);
}

/** True for `keyword1` … `keyword10`. */
export function isTemplateKeywordSlot(slot: unknown): slot is TemplateKeywordSlot {
  const digits = typeof slot === 'string' ? SLOT.exec(slot)?.[1] : undefined;
  return digits !== undefined && Number(digits) <= TEMPLATE_KEYWORDS_MAX;
}

/**
 * Declares a template once, for both sides: the backend's Notifier and the mini-program type the
 * data they exchange from it, so a missing or misspelled keyword does not compile. Nor do a slot
 * past `keyword10` or two names mapped to one slot; the same is checked at run time
 * (`TemplateDataError` naming `keywords.NAME`).
 */
export function defineTemplate<const K extends KeywordMap>(definition: {
  id: string;
  title: string;
  keywords: K & DistinctSlots<K>;
}): TemplateDefinition<K> {
  const { id, title, keywords } = definition;
  checkDefinition(definition, {
    max: TEMPLATE_KEYWORDS_MAX,
    noun: 'a template',
    isSlot: isTemplateKeywordSlot,
    example: `a slot from "keyword1" to "keyword${TEMPLATE_KEYWORDS_MAX}"`,
  });
  return Object.freeze({ id, title, keywords: Object.freeze({ ...keywords }) });
}

/**
 * The exact `data` object of a send request. Checks at run time what the types check at compile
 * time, for callers whose data comes from JSON: every keyword present, no unknown ones, string
 * values, valid colors.
 */
export function toWireData<K extends KeywordMap>(
  template: TemplateDefinition<K>,
  data: TemplateData<TemplateDefinition<K>>,
): TemplateSendData {
  if (!isPlainObject(data)) {
    throw new TemplateDataError(`data must be an object, got ${describeType(data)}`, 'data');
  }
  for (const name of Object.keys(data)) {
    if (!Object.hasOwn(template.keywords, name)) {
      throw new TemplateDataError(
        `unknown keyword "${name}" for template "${template.title}" (expected ${Object.keys(template.keywords).join(', ')})`,
        `data.${name}`,
      );
    }
  }
  const wire: Record<string, TemplateDataValue> = {};
  for (const { name, slot, path } of keywordPlan(template.keywords)) {
    wire[slot] = toWireValue(ownProperty(data, name), path);
  }
  return wire as TemplateSendData;
}

/** A template's keywords as every send reads them: name, slot, and the `data.NAME` of errors. */
const plans = /* @__PURE__ */ new WeakMap<
  KeywordMap,
  readonly { name: string; slot: string; path: string }[]
>();

function keywordPlan(keywords: KeywordMap) {
  return remembered(plans, keywords, Object.isFrozen, planOf);
}

function planOf(keywords: KeywordMap) {
  return Object.entries(keywords).map(([name, slot]) => ({ name, slot, path: `data.${name}` }));
}

function toWireValue(value: unknown, path: string): TemplateDataValue {
  if (typeof value === 'string') return { value };
  if (value === undefined) throw new TemplateDataError(`missing keyword ${path.slice(5)}`, path);
  if (!isPlainObject(value)) {
    throw new TemplateDataError(
      `expected a string or { value, color }, got ${describeType(value)}`,
      path,
    );
  }
  const text = ownProperty(value, 'value');
  const color = ownProperty(value, 'color');
  if (typeof text !== 'string') {
    throw new TemplateDataError(
      `expected a string value, got ${describeType(text)}`,
      `${path}.value`,
    );
  }
  if (color === undefined) return { value: text };
  if (!isHexColor(color)) {
    throw new TemplateDataError(
      `color must be #RGB or #RRGGBB, got ${JSON.stringify(color)}`,
      `${path}.color`,
    );
  }
  return { value: text, color };
}

/** `emphasis: 'place'` → `keyword1.DATA`. */
export function toEmphasisKeyword<K extends KeywordMap>(
  template: TemplateDefinition<K>,
  name: keyof K & string,
): `${KeywordSlot}.DATA` {
  if (typeof name !== 'string' || !Object.hasOwn(template.keywords, name)) {
    throw new TemplateDataError(
      `emphasis must name a keyword of "${template.title}", got ${JSON.stringify(name)}`,
      'emphasis',
    );
  }
  return `${template.keywords[name] as KeywordSlot}.DATA`;
}

export interface BuildSendRequestInput<K extends KeywordMap> {
  touser: string;
  formId: string;
  data: TemplateData<TemplateDefinition<K>>;
  page?: string;
  emphasis?: keyof K & string;
  color?: HexColor;
}

/** The full wire payload of `/cgi-bin/message/wxopen/template/send` for a defined template. */
export function buildSendRequest<K extends KeywordMap>(
  template: TemplateDefinition<K>,
  input: BuildSendRequestInput<K>,
): TemplateSendRequest {
  const request: TemplateSendRequest = {
    touser: input.touser,
    template_id: template.id,
    form_id: input.formId,
    data: toWireData(template, input.data),
  };
  if (input.page !== undefined) request.page = input.page;
  if (input.color !== undefined) {
    if (!isHexColor(input.color)) {
      throw new TemplateDataError(
        `color must be #RGB or #RRGGBB, got ${JSON.stringify(input.color)}`,
        'color',
      );
    }
    request.color = input.color;
  }
  if (input.emphasis !== undefined)
    request.emphasis_keyword = toEmphasisKeyword(template, input.emphasis);
  return request;
}
