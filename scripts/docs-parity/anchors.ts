// The anchors GitHub gives a file's headings (github-slugger's rule): the rendered text in lower
// case, every character that is not a letter, mark, number, `_`, `-` or space removed, spaces
// turned into `-`; a repeated slug gets `-1`, `-2`, … Chinese headings keep their characters:
// `## 从模板消息迁移` is `#从模板消息迁移`.
import type { Heading } from './markdown.ts';

export function anchorsOf(headings: readonly Heading[]): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const heading of headings) {
    const base = slug(heading.text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

export function slug(headingText: string): string {
  // Odd parts are code spans: their text renders as written (`<report-form>` stays), while inline
  // HTML elsewhere renders to nothing.
  const rendered = headingText
    .split('`')
    .map(
      (part, index) =>
        index % 2 === 1
          ? part
          : part
              .replace(/<[^>]+>/g, '') // inline HTML
              .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
              .replace(/\*/g, ''), // emphasis
    )
    .join('');
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
