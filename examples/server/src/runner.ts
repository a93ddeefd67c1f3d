// `npm start` and `pnpm start` run the start script through `sh -c`; on SIGTERM the runner signals
// that shell, which dies without passing the signal on, and `node --import tsx src/main.ts` would
// keep running, orphaned, with its port taken. So under a package runner (config.ts
// `startedByPackageRunner`) main.ts watches the process that started it and stops, as on SIGTERM,
// once it is gone. A server started directly (`node --import tsx src/main.ts`, a container's
// command, `nohup`) is left alone.

const POLL_MS = 500;

/** Calls `stop` once, when the process that started us is gone (our parent changes). */
export function stopWhenParentGone(stop: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, POLL_MS);
  timer.unref();
}
