// Finds the shell commands of a README: every command line of a ```sh / ```bash / ```shell block
// (backslash continuations joined, comments dropped) and every inline code span that starts with
// a command (`pnpm demo --serve`), outside fenced blocks.

/** One command as a reader would paste it, and where it is written. */
export interface ReadmeCommand {
  /** The command, whitespace collapsed, comments removed: its key in the plan. */
  command: string;
  /** The command as written (continuations joined), which is what runs. */
  source: string;
  /** Repository-relative path of the README. */
  readme: string;
  /** 1-based line of the command in the README. */
  line: number;
}

const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
// The words an inline code span must start with, followed by arguments, to count as a command to
// paste (a bare `wxtpl` or `redis-server` names a program).
const COMMAND_WORDS = [
  'pnpm',
  'npm',
  'npx',
  'node',
  'tsx',
  'bash',
  'sh',
  'cd',
  'git',
  'corepack',
  'wxtpl',
  'wxtpl-emulator',
  'redis-server',
  'apt-get',
  'curl',
  'export',
];
const INLINE_COMMAND = new RegExp(`^(?:${COMMAND_WORDS.join('|')}) \\S`);

/** The commands of one README, in the order they appear. */
export function extractCommands(readme: string, markdown: string): ReadmeCommand[] {
  const lines = markdown.split(/\r?\n/);
  const commands: ReadmeCommand[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] as string);
    if (open === null) {
      for (const span of inlineCode(lines[index] as string)) {
        const command = collapse(span);
        if (INLINE_COMMAND.test(command)) {
          commands.push({ command, source: span.trim(), readme, line: index + 1 });
        }
      }
      continue;
    }
    const fence = open[1] as string;
    const shell = SHELL_FENCES.has((open[2] ?? '').toLowerCase());
    let pending: { text: string; line: number } | undefined;
    for (index++; index < lines.length && !isClosing(lines[index] as string, fence); index++) {
      if (!shell) continue;
      const text = withoutComment(lines[index] as string);
      const continued = /\\\s*$/.test(text);
      const part = text.replace(/\\\s*$/, '');
      pending =
        pending === undefined
          ? { text: part, line: index + 1 }
          : { text: `${pending.text} ${part}`, line: pending.line };
      if (continued) continue;
      const command = collapse(pending.text);
      if (command !== '') {
        commands.push({ command, source: pending.text.trim(), readme, line: pending.line });
      }
      pending = undefined;
    }
  }
  return commands;
}

function isClosing(line: string, fence: string): boolean {
  return new RegExp(`^ {0,3}\\${fence[0]}{${fence.length},}\\s*$`).test(line);
}

/** Inline code spans of a line of Markdown text (single or multiple backticks). */
function inlineCode(line: string): string[] {
  const spans: string[] = [];
  const span = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  for (const match of line.matchAll(span)) spans.push(match[2] as string);
  return spans;
}

/** The line without a `# comment` that is not inside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') i++;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '\\') {
      i++;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) {
      return line.slice(0, i);
    }
  }
  return line;
}

function collapse(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
