// Shell commands as a reader runs them: `bash -c`, output shown with a prefix, each in its own
// process group so that stopping one stops everything it started.
import { type ChildProcess, spawn } from 'node:child_process';

/** How a command ended. */
export interface CommandResult {
  status: number | null;
  /** The last lines of its output, for a failure report. */
  tail: string;
}

export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Prefix of each output line shown (empty: output not shown). */
  prefix?: string;
  /** Killed (status null) after this long. */
  timeoutMs: number;
}

const TAIL_LINES = 40;

function start(source: string, options: CommandOptions, onLine?: (line: string) => void) {
  const child = spawn('bash', ['-c', source], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const tail: string[] = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (options.prefix) process.stdout.write(`${options.prefix}${line}\n`);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine?.(line);
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return { child, tail: () => [...tail, partial].join('\n').trim() };
}

/** Kills the command's whole process group: SIGTERM, then SIGKILL after 10 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // the group is gone
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  signal('SIGKILL');
}

/** Runs a command to its end. */
export function runCommand(source: string, options: CommandOptions): Promise<CommandResult> {
  const { child, tail } = start(source, options);
  return new Promise((resolve) => {
    const timer = setTimeout(() => void stopGroup(child), options.timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, tail: tail() });
    });
  });
}

/** A long-running command that printed its ready line. */
export interface Service {
  /** The line that matched `ready`. */
  readyLine: string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running command and resolves once a line matches `ready`; rejects with its output
 * when it exits first or prints nothing matching within `timeoutMs`.
 */
export function startService(
  source: string,
  ready: RegExp,
  options: CommandOptions,
): Promise<Service> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const { child, tail } = start(source, options, (line) => {
      if (!settled && ready.test(line)) {
        settled = true;
        clearTimeout(timer);
        resolve({ readyLine: line, stop: () => stopGroup(child) });
      }
    });
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopGroup(child).then(() => reject(new Error(`${why}\n${tail()}`)));
    };
    const timer = setTimeout(
      () => fail(`no line matching ${ready} within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    child.on('exit', (status) => fail(`exited with ${status} before printing ${ready}`));
  });
}
