// The README's "Start a new project from a copy", as `pnpm check:starters` runs it: the section's
// shell blocks, each marked with the terminal it is typed in (`<!-- starters: terminal N -->` on
// the line before its fence). Every terminal opens at the clone's root; a block continues where
// its terminal's previous block left it. A block may end with a long-running command (SERVICES):
// the check starts it, waits for its ready line, and keeps it running for the blocks after it.

export const SECTION_HEADING = 'Start a new project from a copy';

/** The long-running commands the section may end a block with, and their ready lines. */
export const SERVICES: Readonly<Record<string, RegExp>> = {
  'npm run emulator': /wxtpl-emulator listening on (http:\/\/\S+)/,
  'npm start': /example server listening on (http:\/\/\S+)/,
};

/** One shell block of the section. */
export interface SectionBlock {
  terminal: number;
  /** 1-based line of the opening fence in the README. */
  line: number;
  /** The commands run to their end, as written (comments and blank lines kept). */
  script: string[];
  /** The block's last command when it is one of SERVICES. */
  service?: string;
}

const MARKER = /^<!--\s*starters:\s*terminal\s+(\d+)\s*-->\s*$/;
const OPEN = /^```(sh|bash|shell)\s*$/;

/** The section's shell blocks, in order; throws when the section or a block's marker is missing. */
export function sectionBlocks(markdown: string, heading = SECTION_HEADING): SectionBlock[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const after = lines.findIndex((line, index) => index > start && /^#{1,2} /.test(line));
  const end = after < 0 ? lines.length : after;
  const blocks: SectionBlock[] = [];
  for (let index = start + 1; index < end; index++) {
    if (!OPEN.test(lines[index] as string)) continue;
    const marker = MARKER.exec(lines[index - 1] ?? '');
    if (marker === null) {
      throw new Error(
        `README.md:${index + 1}: a shell block of "${heading}" without <!-- starters: terminal N --> on the line before`,
      );
    }
    const body: string[] = [];
    const line = index + 1;
    for (index++; index < end && lines[index] !== '```'; index++) body.push(lines[index] as string);
    const commands = body.filter((text) => text.trim() !== '' && !text.trim().startsWith('#'));
    const last =
      commands
        .at(-1)
        ?.replace(/\s+#.*$/, '')
        .trim() ?? '';
    for (const command of commands.slice(0, -1)) {
      if (SERVICES[command.trim()] !== undefined) {
        throw new Error(
          `README.md:${line}: "${command.trim()}" runs until stopped: end its block with it`,
        );
      }
    }
    const service = SERVICES[last] === undefined ? undefined : last;
    const script =
      service === undefined ? body : body.slice(0, body.lastIndexOf(commands.at(-1) as string));
    blocks.push({ terminal: Number(marker[1]), line, script, ...(service ? { service } : {}) });
  }
  if (blocks.length === 0) throw new Error(`README.md: "${heading}" has no shell block`);
  return blocks;
}

/**
 * What must differ when the check runs the section: the copies go to `destination` instead of
 * `../my-app` (beside the clone), and `git archive HEAD` archives `tree` when given (a commit of
 * the work tree's uncommitted changes, so a local run tests them).
 */
export function adapt(text: string, destination: string, tree?: string): string {
  const moved = text.replaceAll('../my-app', destination);
  return tree === undefined ? moved : moved.replaceAll('git archive HEAD ', `git archive ${tree} `);
}
