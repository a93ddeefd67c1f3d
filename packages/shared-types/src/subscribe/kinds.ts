/**
 * Keyword kinds of subscribe templates. A data key is a kind followed by a number (`thing1`,
 * `number01`, `character_string3`); the kind fixes what the value may contain.
 */

/** Every keyword kind WeChat documents, in the reference document's order. */
export const KEYWORD_KINDS = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'enum',
] as const;

export type KeywordKind = (typeof KEYWORD_KINDS)[number];

/** A data key of a subscribe template: `thing1`, `amount2`, `character_string10`. */
export type SubscribeSlot = `${KeywordKind}${number}`;

const KIND_SET: ReadonlySet<string> = /* @__PURE__ */ new Set(KEYWORD_KINDS);
const SLOT = /^([a-z_]+?)(\d+)$/;

/** True for one of {@link KEYWORD_KINDS}. */
export function isKeywordKind(value: unknown): value is KeywordKind {
  return typeof value === 'string' && KIND_SET.has(value);
}

/** The kind of a data key (`thing` of `thing1`), or undefined when the key names no known kind. */
export function keywordKindOf(slot: string): KeywordKind | undefined {
  const match = typeof slot === 'string' ? SLOT.exec(slot) : null;
  const kind = match?.[1];
  return kind !== undefined && isKeywordKind(kind) ? kind : undefined;
}
