const POLL_MS = 500;

/** Whether a package runner (`npm exec`, `npx`, `npm run`, `pnpm exec`, `pnpm run`) started us. */
export function startedByPackageRunner(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    env.npm_command !== undefined ||
    env.npm_lifecycle_event !== undefined ||
    env.PNPM_PACKAGE_NAME !== undefined
  );
}

/**
 * Calls `stop` once the process that started us is gone. `npm exec` and `npm run` start a bin
 * through `sh -c`, and on SIGTERM npm signals that shell, which dies without passing the signal
 * on: the CLI would keep running, orphaned, with its port taken. Only under a package runner, so
 * a CLI deliberately left running (`nohup`, `setsid`) stays.
 */
export function exitWithRunner(stop: () => void): void {
  if (!startedByPackageRunner()) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, POLL_MS);
  timer.unref();
}
