// `pnpm demo`: the whole flow, headless, against the emulator. Builds the packages, starts the
// emulator and the example backend on free ports, runs the example mini-program's real code as a
// user (log in, book twice, order and pay), prints every step and the user's inbox, exits 0.
//   pnpm demo            run once and exit (non-zero with the reason when a step fails)
//   pnpm demo --serve    keep everything running and print the inbox page's URL
//   pnpm demo --no-build skip the build (packages already built)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--serve', '--no-build', '--help', '-h'].includes(a));
if (args.has('--help') || args.has('-h') || unknown.length > 0) {
  if (unknown.length > 0) console.error(`unknown option: ${unknown.join(' ')}`);
  console.log('usage: pnpm demo [--serve] [--no-build]');
  process.exit(unknown.length > 0 ? 2 : 0);
}

const root = fileURLToPath(new URL('..', import.meta.url));

if (!args.has('--no-build')) {
  console.log('building the packages (turbo, cached after the first run)…');
  const build = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' },
  );
  if (build.status !== 0) {
    console.error('demo: the build failed (see above); nothing was started.');
    process.exit(1);
  }
}

// Imported after the build: the demo runs the packages' built output, as a user's app would.
const { runDemo } = await import('../examples/server/demo/index.ts');

try {
  const run = await runDemo({ serve: args.has('--serve') });
  if (args.has('--serve')) {
    console.log('');
    console.log(`inbox page:        ${run.inboxUrl}`);
    console.log(`subscribe backend: ${run.stack.backends.subscribe.url}`);
    console.log(`template backend:  ${run.stack.backends.template.url}`);
    console.log(`WeChat emulator:   ${run.stack.emulator.url}`);
    console.log('running; press Ctrl+C to stop.');
    const stop = () => {
      run.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    console.log('');
    console.log('demo passed. Run `pnpm demo --serve` to see the inbox in a browser.');
    process.exit(0);
  }
} catch (error) {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error('');
  console.error(`demo FAILED: ${reason}`);
  process.exit(1);
}
