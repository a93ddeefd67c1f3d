// What must be identical between a README and its translation in a code block: everything but
// comments (which a translation may translate) and blank lines. Comments are recognised by the
// fence's language: `//` and `/* */` in JavaScript-like code, `#` in shell-like code, outside
// string literals. Any other language (json, text, mermaid, …) is compared as written.

export interface CodeLine {
  text: string;
  /** 0-based index of the line in the block. */
  index: number;
}

const SLASH_COMMENTS = new Set([
  'ts',
  'typescript',
  'tsx',
  'js',
  'javascript',
  'jsx',
  'mjs',
  'cjs',
  'jsonc',
  'json5',
]);
const HASH_COMMENTS = new Set([
  'sh',
  'bash',
  'shell',
  'console',
  'zsh',
  'yaml',
  'yml',
  'toml',
  'dockerfile',
  'ini',
  'dotenv',
  'env',
]);

/** The block's lines that count: comments removed, trailing blanks trimmed, blank lines dropped. */
export function significantLines(lang: string, lines: readonly string[]): CodeLine[] {
  const strip = SLASH_COMMENTS.has(lang)
    ? stripSlashComments(lines)
    : HASH_COMMENTS.has(lang)
      ? lines.map(stripHashComment)
      : [...lines];
  return strip
    .map((text, index) => ({ text: text.trimEnd(), index }))
    .filter((line) => line.text.trim() !== '');
}

/** `//` and `/* *\/` comments outside '…', "…" and `…` literals; a block comment may span lines. */
function stripSlashComments(lines: readonly string[]): string[] {
  let inBlock = false;
  return lines.map((line) => {
    let out = '';
    let quote: string | null = null;
    for (let i = 0; i < line.length; i += 1) {
      const char = line[i] as string;
      if (inBlock) {
        if (char === '*' && line[i + 1] === '/') {
          inBlock = false;
          i += 1;
        }
        continue;
      }
      if (quote !== null) {
        out += char;
        if (char === '\\') {
          out += line[i + 1] ?? '';
          i += 1;
        } else if (char === quote) quote = null;
        continue;
      }
      if (char === '/' && line[i + 1] === '/') break;
      if (char === '/' && line[i + 1] === '*') {
        inBlock = true;
        i += 1;
        continue;
      }
      if (char === "'" || char === '"' || char === '`') quote = char;
      out += char;
    }
    return out;
  });
}

/** A `#` that starts a word, outside quotes, starts a comment. */
function stripHashComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i] as string;
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"') i += 1;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '\\') i += 1;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i);
  }
  return line;
}
