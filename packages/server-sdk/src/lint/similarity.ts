/**
 * Title similarity of rules 1.1 and 1.2, stated so that a finding can be argued with:
 *
 * - a title's **core** is the title in NFKC form, without whitespace and without its 提醒/通知
 *   ending (`订单支付成功通知` → `订单支付成功`), since every title ends in one of the two;
 * - **similarity** = 1 − Levenshtein distance of the two cores ÷ the longer core's length, in
 *   characters (1 = same core, 0 = nothing in common);
 * - a proposal is **overly similar** (rule 1.2) to a library title at
 *   {@link TITLE_SIMILARITY_THRESHOLD} or more.
 *
 * The threshold sits above every pair of distinct titles in the public library, which WeChat
 * approved side by side (the closest, 付款成功通知 / 退款成功通知, score 0.75), and at or below
 * one-character variants of a title of five or more characters (酒店预定成功通知 against
 * 酒店预订成功通知 scores 0.83) and the same title with the other ending (1.0).
 */
export const TITLE_SIMILARITY_THRESHOLD = 0.8;

const ENDING = /(提醒|通知)$/;

/** Width-folded, spaces removed: the form two titles are compared in (rule 1.1). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The title without its 提醒/通知 ending. */
export function titleCore(title: string): string {
  return normalizeText(title).replace(ENDING, '');
}

/** Similarity of two titles, 0..1, as defined above. */
export function titleSimilarity(a: string, b: string): number {
  const x = [...titleCore(a)];
  const y = [...titleCore(b)];
  const longest = Math.max(x.length, y.length);
  return longest === 0 ? 1 : 1 - editDistance(x, y) / longest;
}

/** Levenshtein distance (insertions, deletions, substitutions) of two character sequences. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
