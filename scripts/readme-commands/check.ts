// `pnpm check:readme-commands`: every shell command of every README, pasted into a fresh clone.
//
//   pnpm check:readme-commands            clone the repository's HEAD into a temporary folder and
//                                         run every command plan.ts allows, each in a fresh state
//   pnpm check:readme-commands --list     print each command and what plan.ts decides for it
//   pnpm check:readme-commands --only 'pnpm size'   run the commands containing that text
//
// A fresh state is the clone as `git clone` left it plus `pnpm install`: `git clean -fdx` before
// every command, so a command that only works after another one (a filtered build after a full
// build) fails here as it fails for a new user. Commands listed as `before` run first in the same
// state; `background` ones are started and kept running meanwhile; `serve` commands must print
// their ready line and are then stopped. The check ends with one line per command and exits 1
// when a command failed or when a README command is missing from plan.ts.
//
// The commands a command needs first (`before`, and those of its `background` ones) are setup,
// each checked as a command of its own too: they share one turbo cache kept beside the clone for
// this run (TURBO_CACHE_DIR), so that the `pnpm build` most of them are is built once and then
// restored instead of rebuilt from nothing each time. The command checked itself runs as a
// reader's: turbo's cache inside the clone, wiped by `git clean` like everything else.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, type Service, startService } from '../lib/processes.ts';
import { removeInBackground } from '../lib/remove.ts';
import { PLAN, type RunOnce, type Serve } from './plan.ts';
import { type PlannedCommand, planProblems, readmeCommands } from './readmes.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ONCE_TIMEOUT_MS = 20 * 60_000;
const READY_TIMEOUT_MS = 5 * 60_000;

const args = process.argv.slice(2);
const commands = readmeCommands(ROOT);
const problems = planProblems(commands);

if (args.includes('--list')) {
  for (const c of commands) {
    const step = c.step;
    const what =
      step === undefined ? 'NOT IN plan.ts' : 'skip' in step ? `skip: ${step.skip}` : step.run;
    console.log(`${c.command}\n    ${what}\n    ${c.places.join(', ')}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`readme-commands: ${problem}`);
  process.exit(1);
}
if (args.includes('--list')) process.exit(0);

const onlyIndex = args.indexOf('--only');
const only = onlyIndex === -1 ? undefined : args[onlyIndex + 1];
const runnable = commands.filter(
  (c) =>
    c.step !== undefined && !('skip' in c.step) && (only === undefined || c.command.includes(only)),
);

const workDir = mkdtempSync(join(tmpdir(), 'wxtpl-readme-commands-'));
const clone = join(workDir, 'wxtpl');
// A reader's shell: no wxtpl credentials or CI report paths of ours.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(WXTPL_|npm_|PNPM_)/.test(name)),
);
// The setup commands' shell: the same, with the run's turbo cache.
const setupEnv = { ...env, TURBO_CACHE_DIR: join(workDir, 'turbo-cache') };
let trashCount = 0;
const results: { command: string; ok: boolean; seconds: number; why?: string }[] = [];

try {
  await shell(
    `git clone --quiet --no-hardlinks ${JSON.stringify(ROOT)} ${JSON.stringify(clone)}`,
    workDir,
  );
  console.log(
    `readme-commands: ${runnable.length} commands to run in fresh clones of ${ROOT} (HEAD)`,
  );
  for (const [index, planned] of runnable.entries()) {
    const started = Date.now();
    console.log(`\n[${index + 1}/${runnable.length}] ${planned.command}   (${planned.places[0]})`);
    try {
      await freshState(planned.command === 'pnpm install');
      await runPlanned(planned);
      results.push({ command: planned.command, ok: true, seconds: secondsSince(started) });
      console.log(`    ok in ${secondsSince(started)} s`);
    } catch (error) {
      const why = (error as Error).message;
      results.push({ command: planned.command, ok: false, seconds: secondsSince(started), why });
      console.log(`    FAILED: ${why.split('\n').join('\n    | ')}`);
    }
  }
} finally {
  removeInBackground(workDir);
}

console.log('\nreadme-commands:');
for (const r of results)
  console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.command} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
const skipped = commands.length - runnable.length;
console.log(
  `readme-commands: ${results.length - failed} passed, ${failed} failed, ${skipped} skipped by plan.ts`,
);
process.exit(failed > 0 ? 1 : 0);

/** The clone as cloned: build outputs, caches and node_modules gone; then `pnpm install`. */
async function freshState(withoutInstall: boolean): Promise<void> {
  // What `git clean -fdx` would remove is moved out of the clone first (a rename) and removed in
  // the background: deleting node_modules takes seconds per command the next command can use.
  const trash = join(workDir, `trash-${++trashCount}`);
  mkdirSync(trash);
  const listed = execFileSync('git', ['clean', '-fdxn'], { cwd: clone, encoding: 'utf8' });
  for (const [index, line] of listed.split('\n').entries()) {
    // A path git quotes (unusual characters) is left to `git clean` below.
    const path = line.startsWith('Would remove ') ? line.slice('Would remove '.length) : '';
    if (path !== '' && !path.startsWith('"'))
      renameSync(join(clone, path), join(trash, String(index)));
  }
  removeInBackground(trash);
  await shell('git clean -fdxq', clone);
  if (!withoutInstall)
    await shell('pnpm install --frozen-lockfile --prefer-offline --reporter=silent', clone);
}

async function runPlanned(planned: PlannedCommand): Promise<void> {
  const step = planned.step as RunOnce | Serve;
  const services: Service[] = [];
  try {
    for (const other of step.before ?? [])
      await runOnce(other, PLAN[other] as RunOnce, '  before', setupEnv);
    for (const other of step.background ?? []) {
      for (const first of (PLAN[other] as Serve).before ?? []) {
        if (!(step.before ?? []).includes(first))
          await runOnce(first, PLAN[first] as RunOnce, '  before', setupEnv);
      }
      services.push(await serve(other, PLAN[other] as Serve, '  background', setupEnv));
    }
    if (step.run === 'once') await runOnce(planned.source, step, '', env);
    else await (await serve(planned.source, step, '', env)).stop();
  } finally {
    for (const service of services.reverse()) await service.stop();
  }
}

async function runOnce(
  source: string,
  step: RunOnce,
  label: string,
  shellEnv: NodeJS.ProcessEnv,
): Promise<void> {
  if (label) console.log(`    ${label}: ${source}`);
  const result = await runCommand(source, {
    cwd: join(clone, step.cwd ?? '.'),
    env: shellEnv,
    timeoutMs: ONCE_TIMEOUT_MS,
  });
  if (result.status !== 0) {
    throw new Error(
      `${label ? `${label.trim()} ` : ''}"${source}" exited with ${result.status}\n${result.tail}`,
    );
  }
}

async function serve(
  source: string,
  step: Serve,
  label: string,
  shellEnv: NodeJS.ProcessEnv,
): Promise<Service> {
  if (label) console.log(`    ${label}: ${source}`);
  return startService(source, step.ready, {
    cwd: join(clone, step.cwd ?? '.'),
    env: shellEnv,
    timeoutMs: READY_TIMEOUT_MS,
  });
}

async function shell(source: string, cwd: string): Promise<void> {
  const result = await runCommand(source, { cwd, env, timeoutMs: ONCE_TIMEOUT_MS });
  if (result.status !== 0)
    throw new Error(`"${source}" exited with ${result.status}\n${result.tail}`);
}

function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 1000);
}
