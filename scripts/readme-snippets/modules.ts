// Turns a README's code blocks into modules (one per block, or several joined by `continues`)
// and remembers where each generated line came from.
import type { CodeBlock, MarkdownProblem, SnippetLang } from './markdown.ts';

/** Where a generated line came from: a README line, and columns the fence's indent removed. */
export interface SourceLine {
  line: number;
  indent: number;
}

export interface SnippetModule {
  lang: SnippetLang;
  /** README line of the first block's fence: names the generated file. */
  fenceLine: number;
  /** Blocks joined into this module. */
  blockCount: number;
  lines: string[];
  /** Parallel to `lines`: the README line, or null for lines the checker added. */
  origin: (SourceLine | null)[];
}

export interface ModulePlan {
  modules: SnippetModule[];
  skipped: number;
  problems: MarkdownProblem[];
}

export function planModules(readmePath: string, blocks: CodeBlock[]): ModulePlan {
  const modules: SnippetModule[] = [];
  const problems: MarkdownProblem[] = [];
  let skipped = 0;
  for (const block of blocks) {
    if (block.directive === 'skip') {
      skipped += 1;
      continue;
    }
    const previous = modules.at(-1);
    if (block.directive === 'continues') {
      if (!previous) {
        problems.push({ line: block.fenceLine, message: 'continues: no checked block before it' });
        continue;
      }
      if (previous.lang !== block.lang) {
        problems.push({
          line: block.fenceLine,
          message: `continues: the previous checked block is ${previous.lang}, this one ${block.lang}`,
        });
        continue;
      }
      append(previous, `// continues with ${readmePath}:${block.fenceLine}`, null);
      appendBlock(previous, block);
      previous.blockCount += 1;
      continue;
    }
    const module: SnippetModule = {
      lang: block.lang,
      fenceLine: block.fenceLine,
      blockCount: 1,
      lines: [],
      origin: [],
    };
    append(module, `// Generated from ${readmePath}:${block.fenceLine}: edit the README.`, null);
    appendBlock(module, block);
    modules.push(module);
  }
  return { modules, skipped, problems };
}

export function moduleFileName(module: SnippetModule): string {
  return `README-L${module.fenceLine}.${module.lang}`;
}

function appendBlock(module: SnippetModule, block: CodeBlock): void {
  block.lines.forEach((text, offset) => {
    append(module, text, { line: block.fenceLine + 1 + offset, indent: block.indent });
  });
}

function append(module: SnippetModule, text: string, origin: SourceLine | null): void {
  module.lines.push(text);
  module.origin.push(origin);
}
