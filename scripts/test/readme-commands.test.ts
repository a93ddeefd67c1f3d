import { describe, expect, it } from 'vitest';
import { ROOT } from '../lib/workspace.ts';
import { extractCommands } from '../readme-commands/extract.ts';
import { planProblems, readmeCommands } from '../readme-commands/readmes.ts';

const README = [
  'Run `pnpm demo --serve` and read `wxtpl`, `src/index.ts`.',
  '',
  '```sh',
  'pnpm install   # once',
  'wxtpl send --data \'{"a": "#1"}\' \\',
  '  --page p   # the page',
  '',
  '# a comment line',
  '```',
  '',
  '```',
  'src/main.ts  `pnpm start`',
  '```',
  '',
  '```ts',
  "run('pnpm lint');",
  '```',
  '1. Then:',
  '',
  '   ```bash',
  '   pnpm build --filter=@wxtpl/emulator',
  '   ```',
].join('\n');

describe('README command extraction', () => {
  it('finds shell lines (continuations joined, comments dropped) and inline commands', () => {
    expect(extractCommands('README.md', README)).toEqual([
      { command: 'pnpm demo --serve', source: 'pnpm demo --serve', readme: 'README.md', line: 1 },
      { command: 'pnpm install', source: 'pnpm install', readme: 'README.md', line: 4 },
      {
        command: `wxtpl send --data '{"a": "#1"}' --page p`,
        source: `wxtpl send --data '{"a": "#1"}'    --page p`,
        readme: 'README.md',
        line: 5,
      },
      {
        command: 'pnpm build --filter=@wxtpl/emulator',
        source: 'pnpm build --filter=@wxtpl/emulator',
        readme: 'README.md',
        line: 21,
      },
    ]);
  });
});

describe('the README command plan (scripts/readme-commands/plan.ts)', () => {
  it('decides for every command of every README, and lists no command that is gone', () => {
    const commands = readmeCommands(ROOT);
    expect(commands.length).toBeGreaterThan(30);
    expect(planProblems(commands)).toEqual([]);
  });

  it('reports a README command it does not list, and a dangling entry', () => {
    const problems = planProblems([
      {
        command: 'pnpm frobnicate',
        source: 'pnpm frobnicate',
        places: ['X.md:3'],
        step: undefined,
      },
    ]);
    expect(problems[0]).toBe(
      'X.md:3: "pnpm frobnicate" is not in scripts/readme-commands/plan.ts: say whether it runs (and how) or why not',
    );
    expect(problems).toContain('plan.ts lists "pnpm demo", which no README contains any more');
  });
});
