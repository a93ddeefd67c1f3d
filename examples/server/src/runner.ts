// `npm start` and `pnpm start` run the start script through `sh -c`; on SIGTERM the runner signals
// that shell, which dies without passing the signal on, and `node --import tsx src/main.ts` would
// keep running, orphaned, with its port taken. So under a package runner the server watches the
// process that started it and stops, as on SIGTERM, once it is gone. A server started directly
// (`node --import tsx src/main.ts`, a container's command, `nohup`) is left alone.

const POLL_MS = 500;

/** Whether a package runner (`npm start`, `npm run`, `pnpm start`, `pnpm exec`) started us. */
export function startedByPackageRunner(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    env.npm_command !== undefined ||
    env.npm_lifecycle_event !== undefined ||
    env.PNPM_PACKAGE_NAME !== undefined
  );
}

/** Calls `stop` once, when the process that started us is gone (only under a package runner). */
export function stopWithRunner(stop: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (!startedByPackageRunner(env)) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, POLL_MS);
  timer.unref();
}
