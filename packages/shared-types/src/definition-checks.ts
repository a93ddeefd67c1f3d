import { TemplateDataError } from './errors.js';
import { describeType, isPlainObject } from './validation.js';

/**
 * Compile-time twin of the distinct-slot check: a keyword map as it is when no two names share a
 * slot; each name that shares one gets an impossible type naming it, so the definition does not
 * compile (`Type '"keyword1"' is not assignable to type '"keyword1" & { 'error: another keyword
 * maps to this slot': "b" }'`). Maps with index signatures (built at run time) pass unchecked.
 */
export type DistinctSlots<K> = {
  [N in keyof K]: string extends N
    ? K[N]
    : number extends N
      ? K[N]
      : K[N] extends K[Exclude<keyof K, N>]
        ? K[N] & { readonly 'error: another keyword maps to this slot': N }
        : K[N];
};

/**
 * Compile-time twin of the keyword-count check: `unknown` when `K` has at most `Max` keys, else a
 * property `K` lacks, so the definition does not compile. (`Left` and `Seen` are the recursion's.)
 */
export type AtMostKeywords<K, Max extends number, Left = keyof K, Seen extends unknown[] = []> = [
  Left,
] extends [never]
  ? unknown
  : Seen['length'] extends Max
    ? { readonly 'error: too many keywords, at most': Max }
    : // Picks one member of the union (the last of its overloads) and counts it.
      (Left extends unknown ? (pick: () => Left) => void : never) extends (
          pick: infer Picked,
        ) => void
      ? Picked extends () => infer One
        ? AtMostKeywords<K, Max, Exclude<Left, One>, [...Seen, unknown]>
        : unknown
      : unknown;

/** What a kind of template definition accepts as keyword slots. */
export interface SlotRule {
  /** Most keywords a template holds. */
  max: number;
  /** `a template`, `a subscribe template`: for messages. */
  noun: string;
  isSlot(slot: unknown): boolean;
  /** `a slot like "keyword1"`: for messages. */
  example: string;
}

/**
 * The checks every template definition passes, template or subscribe: a non-empty id and title,
 * 1 to `max` keywords, each mapped to a distinct slot the rule accepts. Throws
 * `TemplateDataError` naming the path.
 */
export function checkDefinition(
  definition: { id: unknown; title: unknown; keywords: unknown },
  rule: SlotRule,
): void {
  const { id, title, keywords } = definition;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new TemplateDataError('template id must be a non-empty string', 'id');
  }
  if (typeof title !== 'string' || title.trim() === '') {
    throw new TemplateDataError('template title must be a non-empty string', 'title');
  }
  if (!isPlainObject(keywords)) {
    throw new TemplateDataError(
      `keywords must be an object, got ${describeType(keywords)}`,
      'keywords',
    );
  }
  const names = Object.keys(keywords);
  if (names.length === 0 || names.length > rule.max) {
    throw new TemplateDataError(
      `${rule.noun} has 1 to ${rule.max} keywords, got ${names.length}`,
      'keywords',
    );
  }
  const seen = new Map<unknown, string>();
  for (const name of names) {
    const slot = keywords[name];
    if (!rule.isSlot(slot)) {
      throw new TemplateDataError(
        `keyword "${name}" must map to ${rule.example}, got ${JSON.stringify(slot)}`,
        `keywords.${name}`,
      );
    }
    const other = seen.get(slot);
    if (other !== undefined) {
      throw new TemplateDataError(
        `keywords "${other}" and "${name}" share ${String(slot)}`,
        `keywords.${name}`,
      );
    }
    seen.set(slot, name);
  }
}
