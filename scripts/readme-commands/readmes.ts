import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCommands, type ReadmeCommand } from './extract.ts';
import { PLAN, type Step } from './plan.ts';

/** A distinct command of the READMEs, every place it is written, and what the plan says. */
export interface PlannedCommand {
  command: string;
  source: string;
  places: string[];
  step: Step | undefined;
}

/** Every command of every Markdown file git tracks under `root`, deduplicated, in file order. */
export function readmeCommands(root: string): PlannedCommand[] {
  const files = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const found: ReadmeCommand[] = files.flatMap((file) =>
    extractCommands(file, readFileSync(join(root, file), 'utf8')),
  );
  const byCommand = new Map<string, PlannedCommand>();
  for (const { command, source, readme, line } of found) {
    const known = byCommand.get(command);
    if (known) known.places.push(`${readme}:${line}`);
    else {
      byCommand.set(command, {
        command,
        source,
        places: [`${readme}:${line}`],
        step: PLAN[command],
      });
    }
  }
  return [...byCommand.values()];
}

/** What is wrong with the plan for these commands: unlisted, stale or dangling entries. */
export function planProblems(commands: readonly PlannedCommand[]): string[] {
  const problems: string[] = [];
  const written = new Set(commands.map((c) => c.command));
  for (const c of commands) {
    if (c.step === undefined) {
      problems.push(
        `${c.places.join(', ')}: "${c.command}" is not in scripts/readme-commands/plan.ts: say whether it runs (and how) or why not`,
      );
    }
  }
  for (const [command, step] of Object.entries(PLAN)) {
    if (!written.has(command)) {
      problems.push(`plan.ts lists "${command}", which no README contains any more`);
    }
    if ('skip' in step) {
      if (step.skip.trim().length < 10)
        problems.push(`plan.ts skips "${command}" without a reason`);
      continue;
    }
    for (const other of step.before ?? []) {
      const target = PLAN[other];
      if (target === undefined || 'skip' in target || target.run !== 'once') {
        problems.push(`plan.ts: "${command}" runs after "${other}", which is not a 'once' command`);
      }
    }
    for (const other of step.background ?? []) {
      const target = PLAN[other];
      if (target === undefined || 'skip' in target || target.run !== 'serve') {
        problems.push(
          `plan.ts: "${command}" needs "${other}" running, which is not a 'serve' command`,
        );
      }
    }
  }
  return problems;
}
