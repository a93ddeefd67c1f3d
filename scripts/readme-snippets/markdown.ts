// Finds the code blocks of a README that the checker compiles, with their snippet markers.

/** `ts` blocks are Node/bundler code; `js` blocks are mini-program code (app.js, page.js). */
export type SnippetLang = 'ts' | 'js';

export type SnippetDirective = 'skip' | 'continues';

export interface CodeBlock {
  lang: SnippetLang;
  directive: SnippetDirective | null;
  /** 1-based README line of the opening fence. */
  fenceLine: number;
  /** The block's lines, the fence's indentation removed. */
  lines: string[];
  /** Columns removed from each line (the fence's indentation), to map columns back. */
  indent: number;
}

export interface MarkdownProblem {
  line: number;
  message: string;
}

const LANGS: Record<string, SnippetLang> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
};
const DIRECTIVES = new Set<string>(['skip', 'continues']);
const OPEN_FENCE = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;
const MARKER = /^\s*<!--\s*snippet:\s*(\S+?)\s*(?:\s.*)?-->\s*$/;

export function extractCodeBlocks(markdown: string): {
  blocks: CodeBlock[];
  problems: MarkdownProblem[];
} {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const problems: MarkdownProblem[] = [];
  let pending: { directive: SnippetDirective; line: number } | null = null;

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const marker = MARKER.exec(line);
    if (marker) {
      const name = marker[1] ?? '';
      if (pending) problems.push(unused(pending.line));
      if (DIRECTIVES.has(name)) pending = { directive: name as SnippetDirective, line: index + 1 };
      else {
        pending = null;
        problems.push({
          line: index + 1,
          message: `unknown snippet marker "${name}" (use skip or continues)`,
        });
      }
      continue;
    }
    const open = OPEN_FENCE.exec(line);
    if (!open) {
      if (pending && line.trim() !== '') {
        problems.push(unused(pending.line));
        pending = null;
      }
      continue;
    }
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? '```';
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    const fenceLine = index + 1;
    index += 1;
    while (index < lines.length && !close.test(lines[index] ?? '')) {
      body.push(stripIndent(lines[index] ?? '', indent));
      index += 1;
    }
    const lang = LANGS[(open[3] ?? '').toLowerCase()];
    if (lang) {
      const directive = pending?.directive ?? null;
      blocks.push({ lang, directive, fenceLine, lines: body, indent });
    }
    pending = null;
  }
  if (pending) problems.push(unused(pending.line));
  return { blocks, problems };
}

function unused(line: number): MarkdownProblem {
  return { line, message: 'snippet marker is not directly followed by a code block' };
}

function stripIndent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && line[removed] === ' ') removed += 1;
  return line.slice(removed);
}
