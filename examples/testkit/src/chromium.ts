import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { pretendMissing } from './pretend.ts';

/** Where Debian's `chromium` package puts the browser (the README's prerequisite). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** The Debian packages the browser tests want: the browser and a CJK font for the screenshots. */
export const CHROMIUM_PACKAGES = ['chromium', 'fonts-wqy-microhei'];

/** A browser to drive, or the one line that says why there is none. */
export type ChromiumLookup = { path: string; missing: null } | { path: null; missing: string };

/** Set by the global setup when it found no browser (or failed to install one): the line it printed. */
const MISSING_VARIABLE = 'WXTPL_TEST_CHROMIUM_MISSING';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `CHROME_PATH` when set, else Debian's `/usr/bin/chromium`. Never a downloaded browser. */
export function findChromium(): ChromiumLookup {
  const configured = process.env.CHROME_PATH;
  if (configured) {
    return isExecutableFile(configured)
      ? { path: configured, missing: null }
      : { path: null, missing: `CHROME_PATH=${configured} is no executable file` };
  }
  if (!pretendMissing('chromium') && isExecutableFile(DEBIAN_CHROMIUM)) {
    return { path: DEBIAN_CHROMIUM, missing: null };
  }
  return {
    path: null,
    missing: `no Chromium: CHROME_PATH is unset and ${DEBIAN_CHROMIUM} is missing`,
  };
}

/** True when running as root where apt-get exists: the setup may install Debian's chromium. */
export function canInstallWithApt(): boolean {
  return (
    !pretendMissing('apt') &&
    process.getuid?.() === 0 &&
    spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  );
}

/**
 * `apt-get update && apt-get install chromium fonts-wqy-microhei`, reporting progress through
 * `log` every few seconds. Resolves to the installed browser's path; rejects with apt-get's last
 * line when it fails.
 */
export async function installChromium(log: (line: string) => void): Promise<string> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const script = `apt-get update && apt-get install -y ${CHROMIUM_PACKAGES.join(' ')}`;
  const child = spawn('sh', ['-c', script], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let fetched = 0;
  let unpacked = 0;
  let last = '';
  const count = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (/^Get:\d+/.test(line)) fetched += 1;
      if (/^Unpacking /.test(line)) unpacked += 1;
      if (line.trim()) last = line.trim();
    }
  };
  child.stdout.on('data', count);
  child.stderr.on('data', count);
  const ticker = setInterval(
    () =>
      log(
        `chromium: installing… ${seconds()} s, ${fetched} files fetched, ${unpacked} packages unpacked`,
      ),
    5000,
  );
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', resolve);
  }).finally(() => clearInterval(ticker));
  if (code !== 0) throw new Error(`apt-get failed (${last || `exit ${code}`})`);
  if (!isExecutableFile(DEBIAN_CHROMIUM)) {
    throw new Error(`apt-get succeeded, yet ${DEBIAN_CHROMIUM} is missing`);
  }
  log(`chromium: installed ${CHROMIUM_PACKAGES.join(' and ')} in ${seconds()} s`);
  return DEBIAN_CHROMIUM;
}

/**
 * What a browser test uses: the setup's finding when it found nothing, else the lookup. A test
 * file skips its browser suite when `path` is null (`describe.skipIf`).
 */
export function chromiumForTests(): ChromiumLookup {
  const missing = process.env[MISSING_VARIABLE];
  return missing ? { path: null, missing } : findChromium();
}

/** Records for the test workers that no browser is to be had (see {@link chromiumForTests}). */
export function reportChromiumMissing(line: string): void {
  process.env[MISSING_VARIABLE] = line;
}

/**
 * Headless Chromium through playwright-core, as in a container (no sandbox, no GPU): the browser
 * of {@link chromiumForTests} unless told otherwise; `args` adds switches (e.g.
 * `--host-resolver-rules=MAP evil.test 127.0.0.1` to give a local server a foreign name).
 */
export async function launchChromium(
  lookup: ChromiumLookup = chromiumForTests(),
  options: { args?: readonly string[] } = {},
): Promise<Browser> {
  if (lookup.path === null) throw new Error(lookup.missing);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: lookup.path,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...(options.args ?? []),
    ],
  });
}
