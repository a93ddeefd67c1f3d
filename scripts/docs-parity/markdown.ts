// Reads the parts of a Markdown file that the parity check compares: its ATX headings, its fenced
// code blocks and its links, each with its 1-based line. Headings and links inside fences are not
// headings or links.

export interface Heading {
  level: number;
  /** The heading's text as written, without the #s. */
  text: string;
  line: number;
}

export interface CodeBlock {
  /** The info string's first word, lower case ('' for a bare fence). */
  lang: string;
  /** The block's lines, the fence's indentation removed. */
  lines: string[];
  /** Line of the opening fence. */
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

export interface MarkdownOutline {
  headings: Heading[];
  blocks: CodeBlock[];
  links: Link[];
  /** Lines before the first heading of level 2 or deeper: where the language switch belongs. */
  top: string[];
}

const OPEN_FENCE = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
// [text](target) or [text](target "title"); images too (their target must exist as well).
const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const INLINE_CODE = /(`+)(?:[^`]|[^`][\s\S]*?[^`])\1(?!`)/g;

export function outline(markdown: string): MarkdownOutline {
  const lines = markdown.split(/\r?\n/);
  const headings: Heading[] = [];
  const blocks: CodeBlock[] = [];
  const links: Link[] = [];
  const top: string[] = [];
  let beforeSections = true;

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const open = OPEN_FENCE.exec(line);
    if (open) {
      const indent = open[1]?.length ?? 0;
      const fence = open[2] ?? '```';
      const close = new RegExp(`^ *\\${fence[0]}{${fence.length},}\\s*$`);
      const block: CodeBlock = { lang: (open[3] ?? '').toLowerCase(), lines: [], line: index + 1 };
      for (index += 1; index < lines.length && !close.test(lines[index] ?? ''); index += 1) {
        block.lines.push(stripIndent(lines[index] ?? '', indent));
      }
      blocks.push(block);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      headings.push({ level, text: (heading[2] ?? '').trim(), line: index + 1 });
      if (level >= 2) beforeSections = false;
    }
    if (beforeSections) top.push(line);
    for (const match of line.replace(INLINE_CODE, '').matchAll(LINK)) {
      links.push({ target: match[1] ?? '', line: index + 1 });
    }
  }
  return { headings, blocks, links, top };
}

function stripIndent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && line[removed] === ' ') removed += 1;
  return line.slice(removed);
}
