// `pnpm check:starters`: the README's "Start a new project from a copy", run as written.
//
// The section's shell blocks (scripts/starters/section.ts) run in order, each in its terminal:
// from a clone (this repository), `pnpm pack:tarballs` packs the packages beside the copies, the
// copies are made, installed with npm (the @wxtpl packages from those tarballs, everything else
// from the npm registry) and tested (the server's tests include the demo flow: the copied
// mini-program's pages, headless, with the SDK its own `npm install` put in place); then the
// emulator and the backend are started as the README says, the backend must answer `GET /health`,
// and both must stop when signalled. What differs from a reader's run: the copies go to a
// temporary folder instead of `../my-app`, the emulator and the backend listen on free ports, and
// uncommitted changes are archived instead of HEAD (section.ts `adapt`). Needs Redis on
// 127.0.0.1:6379 and Chromium, like `pnpm test`.
//
//   pnpm check:starters          run the section
//   pnpm check:starters --keep   and leave the temporary folder for inspection
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outsideCheck, outsideEnv } from '../lib/copy-out.ts';
import { type Service, startService } from '../lib/processes.ts';
import { ROOT } from '../lib/workspace.ts';
import { adapt, SERVICES, sectionBlocks } from './section.ts';

const SERVICE_TIMEOUT_MS = 60_000;
const blocks = sectionBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));

/** A commit of the work tree's uncommitted changes to tracked files, or none when it is clean. */
function uncommittedTree(): string | undefined {
  const tree = execFileSync('git', ['stash', 'create'], { cwd: ROOT, encoding: 'utf8' }).trim();
  if (tree === '') return undefined;
  console.log(`uncommitted changes: the copies come from ${tree} (untracked files left out)`);
  return tree;
}

/** How a service is started here: on a free port, the backend pointed at the emulator started. */
function serviceStart(service: string, urls: ReadonlyMap<string, string>) {
  if (service === 'npm run emulator') return { source: `${service} -- --port 0`, env: {} };
  const emulator = urls.get('npm run emulator');
  return {
    source: service,
    env: { PORT: '0', ...(emulator === undefined ? {} : { WXTPL_BASE_URL: emulator }) },
  };
}

/** Single-quoted for bash. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

await outsideCheck('starters', { timeoutMs: 20 * 60_000 }, async ({ work, step }) => {
  const destination = join(work, 'my-app');
  const tree = uncommittedTree();
  const cwds = new Map<number, string>();
  const urls = new Map<string, string>();
  const running: { service: string; url: string; handle: Service }[] = [];
  try {
    for (const block of blocks) {
      const where = `terminal ${block.terminal} (README.md:${block.line})`;
      const cwd = cwds.get(block.terminal) ?? ROOT;
      if (block.script.some((line) => line.trim() !== '')) {
        const record = join(work, `terminal-${block.terminal}.cwd`);
        const script = adapt(block.script.join('\n'), destination, tree).trim();
        await step(where, `set -e -o pipefail\n${script}\npwd >${quote(record)}`, cwd);
        cwds.set(block.terminal, readFileSync(record, 'utf8').trim());
      }
      if (block.service === undefined) continue;
      const { source, env } = serviceStart(block.service, urls);
      const ready = SERVICES[block.service] as RegExp;
      console.log(`\n==> ${where}: ${block.service}, until it prints ${ready}\n    $ ${source}`);
      const handle = await startService(source, ready, {
        cwd: cwds.get(block.terminal) ?? ROOT,
        env: { ...outsideEnv, ...env },
        prefix: '    | ',
        timeoutMs: SERVICE_TIMEOUT_MS,
      });
      const url = ready.exec(handle.readyLine)?.[1] ?? '';
      running.push({ service: block.service, url, handle });
      urls.set(block.service, url);
    }
    const server = urls.get('npm start');
    if (server === undefined) throw new Error('the section never starts the backend (npm start)');
    console.log(`\n==> the backend answers: GET ${server}/health`);
    const health = await fetch(`${server}/health`, { signal: AbortSignal.timeout(10_000) });
    const body = await health.text();
    console.log(`    ${health.status} ${body}`);
    if (health.status !== 200) throw new Error(`GET /health answered ${health.status}`);
  } finally {
    await stopAll(running);
  }
  const left = await Promise.all(
    running.map(async ({ url }) => url !== '' && (await answers(url))),
  );
  if (left.some(Boolean)) throw new Error('a service still answers after it was stopped');
});

/** Stops the services, the last started first (SIGTERM to each one's process group). */
async function stopAll(running: { service: string; handle: Service }[]): Promise<void> {
  for (const { service, handle } of [...running].reverse()) {
    console.log(`\n==> stop ${service} (SIGTERM)`);
    await handle.stop();
  }
}

/** Whether something still answers HTTP at `url` (one bounded try). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}
