/**
 * A template's `content` names its keyword slots: `购买地点{{keyword1.DATA}}\n` for template
 * messages, `商品名称:{{thing1.DATA}}\n` for subscribe messages. This is the one parser of it.
 */

/** One slot found in a template's content. */
export interface ContentSlot {
  /** `keyword1`, `thing1`, `amount02`, … as written between the braces. */
  slot: string;
  /** The text before the slot on its line, trimmed, without a trailing colon: `购买地点`. */
  label: string;
  /** For subscribe slots, the keyword kind (`thing`); for `keywordN`, `keyword`. */
  kind: string;
  /** The number after the kind (`1` of `thing1`, `2` of `amount02`). */
  index: number;
}

// Lazy label so that `名称:{{thing1.DATA}}` keeps the colon out; one slot per match.
const SLOT = /([^\n{}]*?)\{\{\s*([a-z_]+?)(\d+)\.DATA\s*\}\}/g;

/**
 * The slots of a template's content in the order they appear, each once (a slot repeated later
 * in the content keeps its first label).
 */
export function parseTemplateContent(content: string): ContentSlot[] {
  const slots: ContentSlot[] = [];
  const seen = new Set<string>();
  if (typeof content !== 'string') return slots;
  for (const match of content.matchAll(SLOT)) {
    const kind = match[2] as string;
    const digits = match[3] as string;
    const slot = `${kind}${digits}`;
    if (seen.has(slot)) continue;
    seen.add(slot);
    const label = (match[1] as string)
      .trim()
      .replace(/\s*[:：]$/, '')
      .trim();
    slots.push({ slot, label, kind, index: Number(digits) });
  }
  return slots;
}
