// What the checks that leave the repository share: git-tracked copies, npm installs from packed
// tarballs, and steps that print their output and stop at the first failure.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand } from './processes.ts';
import { removeInBackground } from './remove.ts';
import {
  type PackageJson,
  pack,
  publishedPackages,
  ROOT,
  type WorkspacePackage,
} from './workspace.ts';

/** The environment for commands run outside the repository: no wxtpl or npm/pnpm variables. */
export const outsideEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(WXTPL_(?!TEST_)|npm_|PNPM_)/.test(name)),
);

/** Copies the git-tracked files of `from` into `to`; resolves to how many. */
export function copyTracked(from: string, to: string): number {
  const files = execFileSync('git', ['ls-files'], { cwd: from, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }
  return files.length;
}

/** Packed packages: tarballs by package name, and the packages themselves. */
export interface Packed {
  tarballs: Map<string, string>;
  packages: WorkspacePackage[];
}

/**
 * The file name of a package's tarball in a folder of packed packages: `@wxtpl/shared-types` →
 * `wxtpl-shared-types.tgz`, without the version, so that commands naming it (the README's) last.
 */
export function tarballName(packageName: string): string {
  return `${packageName.replace(/^@/, '').replace('/', '-')}.tgz`;
}

/** Packs every published package, and `extra` ones, into `destination` (see `tarballName`). */
export function packAll(destination: string, extra: WorkspacePackage[] = []): Packed {
  mkdirSync(destination, { recursive: true });
  const tarballs = new Map<string, string>();
  const packages = [...publishedPackages(), ...extra];
  for (const pkg of packages) {
    const tarball = join(destination, tarballName(pkg.manifest.name));
    renameSync(pack(pkg, destination), tarball);
    tarballs.set(pkg.manifest.name, tarball);
    console.log(`    ${pkg.manifest.name} → ${tarball}`);
  }
  return { tarballs, packages };
}

/** Builds the published packages (turbo, cached) as a step: what packing needs first. */
export const BUILD_PACKAGES =
  'pnpm exec turbo run build --filter=./packages/* --output-logs=errors-only';

/** The @wxtpl packages a project depends on, directly or through another @wxtpl package. */
export function wxtplClosure(manifest: PackageJson, { tarballs, packages }: Packed): string[] {
  const found = new Set<string>();
  const visit = (deps: Record<string, string> | undefined) => {
    for (const name of Object.keys(deps ?? {})) {
      if (!name.startsWith('@wxtpl/') || found.has(name)) continue;
      if (!tarballs.has(name)) throw new Error(`${manifest.name} depends on ${name}, not packed`);
      found.add(name);
      // In the workspace its own @wxtpl dependencies may say `workspace:^`; its tarball, a range.
      visit(packages.find((p) => p.manifest.name === name)?.manifest.dependencies);
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

/** `npm install` in `dir`, the @wxtpl packages taken from the tarballs instead of the registry. */
export function npmInstallCommand(wanted: string[], tarballs: ReadonlyMap<string, string>): string {
  return [
    'npm install --no-save --no-audit --no-fund --loglevel=error',
    ...wanted.map((name) => JSON.stringify(tarballs.get(name))),
  ].join(' ');
}

/** How one step runs besides its command: more environment, and a tag for its output lines. */
export interface StepOptions {
  env?: NodeJS.ProcessEnv;
  /** Marks each output line and the ending line, for steps that run side by side. */
  tag?: string;
}

/** Runs titled commands, printing their output; a failure throws. */
export function stepRunner(timeoutMs: number, env: NodeJS.ProcessEnv = outsideEnv) {
  let failed = 0;
  return {
    get failed() {
      return failed;
    },
    async step(title: string, command: string, cwd: string, options: StepOptions = {}) {
      console.log(`\n==> ${title}\n    $ ${command}`);
      const started = Date.now();
      const result = await runCommand(command, {
        cwd,
        env: { ...env, ...options.env },
        prefix: options.tag === undefined ? '    | ' : `    ${options.tag} | `,
        timeoutMs,
      });
      const seconds = Math.round((Date.now() - started) / 1000);
      const which = options.tag === undefined ? '' : ` (${title})`;
      if (result.status === 0) {
        console.log(`    ok in ${seconds} s${which}`);
        return;
      }
      failed++;
      console.log(`    FAILED (exit ${result.status}) after ${seconds} s${which}`);
      throw new Error(`${title} failed`);
    },
  };
}

/** What the body of a check run outside the repository gets: its temporary folder and steps. */
export interface OutsideContext {
  work: string;
  step: ReturnType<typeof stepRunner>['step'];
}

/** What a copy-out check's body gets: its temporary folder, its steps, the packed packages. */
export interface CopyOutContext extends OutsideContext {
  packed: Packed;
}

/**
 * The frame of a check run outside the repository: a temporary folder (kept with `--keep`), then
 * `body`; prints `<name>: ok` or how many steps failed, and exits with the outcome.
 */
export async function outsideCheck(
  name: string,
  options: { timeoutMs: number },
  body: (context: OutsideContext) => Promise<void>,
): Promise<never> {
  const keep = process.argv.includes('--keep');
  const work = mkdtempSync(join(tmpdir(), `wxtpl-${name}-`));
  const steps = stepRunner(options.timeoutMs);
  let failed = 0;
  try {
    await body({ work, step: steps.step });
  } catch (error) {
    failed = Math.max(1, steps.failed);
    console.log(`\n${(error as Error).message}`);
  } finally {
    if (keep) console.log(`\nleft ${work}`);
    else removeInBackground(work);
  }
  console.log(failed === 0 ? `\n${name}: ok` : `\n${name}: ${failed} step(s) failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/**
 * `outsideCheck` with the packages built and packed (with `extra` ones) into `<work>/tarballs`
 * before `body`.
 */
export function copyOutCheck(
  name: string,
  options: { timeoutMs: number; extra?: WorkspacePackage[] },
  body: (context: CopyOutContext) => Promise<void>,
): Promise<never> {
  return outsideCheck(name, options, async ({ work, step }) => {
    await step('build the packages', BUILD_PACKAGES, ROOT);
    console.log('\n==> pack the packages (pnpm pack)');
    const packed = packAll(join(work, 'tarballs'), options.extra);
    await body({ work, step, packed });
  });
}
