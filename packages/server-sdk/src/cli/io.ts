/** Where the CLI reads and writes: the real process, or buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * A progress line on stderr, redrawn in place; only when stderr is a terminal, so pipes and logs
 * stay clean.
 */
export function createProgress(io: CliIo, label: string) {
  const enabled = io.stderr.isTTY === true;
  let drawn = false;
  return {
    update(received: number, total?: number): void {
      if (!enabled) return;
      const of = total === undefined ? '' : `/${total}`;
      io.stderr.write(`\r${label} ${received}${of}…`);
      drawn = true;
    },
    done(): void {
      if (enabled && drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
