// `pnpm check:starters`: the examples are starters, so they must work copied out of the repository.
//
// Copies examples/miniprogram and examples/server (their git-tracked files) side by side into a
// temporary folder outside the repository, as the root README's "Start a new project from a copy"
// says, and installs each with npm: the `@wxtpl/*` packages from tarballs packed here (`pnpm pack`,
// exactly what would be published), everything else from the npm registry. Then it runs what the
// README runs in a copy: the mini-program's type check and tests, the server's type check and
// tests (which include the demo flow: the copied mini-program's pages, headless, with the SDK its
// own `npm install` put in place). Needs Redis on 127.0.0.1:6379 and Chromium, like `pnpm test`.
//
//   pnpm check:starters          build the packages (turbo, cached), pack, copy, install, test
//   pnpm check:starters --keep   and leave the temporary folder for inspection
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand } from '../lib/processes.ts';
import { pack, publishedPackages, ROOT, readManifest } from '../lib/workspace.ts';

const STARTERS = ['miniprogram', 'server'] as const;
/** The starters' own package of template definitions: copied and installed with them. */
const TEMPLATES = join(ROOT, 'examples', 'templates');
const STEPS: Record<(typeof STARTERS)[number], string[]> = {
  miniprogram: ['npm run typecheck', 'npm test'],
  server: ['npm run typecheck', 'npm test'],
};
const TIMEOUT_MS = 20 * 60_000;

const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'wxtpl-starters-'));
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(WXTPL_(?!TEST_)|npm_|PNPM_)/.test(name)),
);
let failed = 0;

try {
  await step(
    'build the packages',
    'pnpm exec turbo run build --filter=./packages/* --output-logs=errors-only',
    ROOT,
  );

  console.log('\n==> pack the packages (pnpm pack)');
  const tarballs = new Map<string, string>();
  mkdirSync(join(work, 'tarballs'));
  for (const pkg of [
    ...publishedPackages(),
    { dir: TEMPLATES, manifest: readManifest(TEMPLATES) },
  ]) {
    const tarball = pack(pkg, join(work, 'tarballs'));
    tarballs.set(pkg.manifest.name, tarball);
    console.log(`    ${pkg.manifest.name} → ${tarball}`);
  }

  for (const starter of STARTERS) {
    const from = join(ROOT, 'examples', starter);
    const to = join(work, 'my-app', starter);
    const files = execFileSync('git', ['ls-files'], { cwd: from, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(to, file)), { recursive: true });
      copyFileSync(join(from, file), join(to, file));
    }
    console.log(`\n==> examples/${starter} copied to ${to} (${files.length} files)`);
  }

  for (const starter of STARTERS) {
    const dir = join(work, 'my-app', starter);
    // `npm install`, with the @wxtpl packages taken from the tarballs instead of the registry.
    const wanted = wxtplClosure(readManifest(dir), tarballs);
    const install = [
      'npm install --no-save --no-audit --no-fund --loglevel=error',
      ...wanted.map((name) => JSON.stringify(tarballs.get(name))),
    ].join(' ');
    await step(`${starter}: npm install (${wanted.join(', ')} from tarballs)`, install, dir);
    for (const command of STEPS[starter]) await step(`${starter}: ${command}`, command, dir);
  }
} catch (error) {
  if (failed === 0) failed++;
  console.log(`\n${(error as Error).message}`);
} finally {
  if (keep) console.log(`\nleft ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(failed === 0 ? '\nstarters: ok' : `\nstarters: ${failed} step(s) failed`);
process.exit(failed === 0 ? 0 : 1);

/** The @wxtpl packages a starter depends on, directly or through another @wxtpl package. */
function wxtplClosure(
  manifest: ReturnType<typeof readManifest>,
  tarballs: ReadonlyMap<string, string>,
): string[] {
  const found = new Set<string>();
  const visit = (deps: Record<string, string> | undefined) => {
    for (const name of Object.keys(deps ?? {})) {
      if (!name.startsWith('@wxtpl/') || found.has(name)) continue;
      if (!tarballs.has(name)) throw new Error(`${manifest.name} depends on ${name}, not packed`);
      found.add(name);
      // In the workspace its own @wxtpl dependencies may say `workspace:^`; its tarball, a range.
      const packed = [
        ...publishedPackages(),
        { dir: TEMPLATES, manifest: readManifest(TEMPLATES) },
      ];
      visit(packed.find((p) => p.manifest.name === name)?.manifest.dependencies);
    }
  };
  const own = { ...manifest.dependencies, ...manifest.devDependencies };
  for (const [name, range] of Object.entries(own)) {
    if (name.startsWith('@wxtpl/') && !/^[\^~]?\d/.test(range)) {
      throw new Error(`${manifest.name} depends on ${name}@${range}: npm cannot install that`);
    }
  }
  visit(own);
  return [...found].sort();
}

async function step(title: string, command: string, cwd: string): Promise<void> {
  console.log(`\n==> ${title}\n    $ ${command}`);
  const started = Date.now();
  const result = await runCommand(command, { cwd, env, prefix: '    | ', timeoutMs: TIMEOUT_MS });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status === 0) {
    console.log(`    ok in ${seconds} s`);
    return;
  }
  failed++;
  console.log(`    FAILED (exit ${result.status}) after ${seconds} s`);
  throw new Error(`${title} failed`);
}
