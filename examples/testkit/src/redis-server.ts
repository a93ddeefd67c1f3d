import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild, waitForOutput } from './children.ts';

/**
 * A redis-server of the caller's own on a free port, not daemonized (its stop is ours). With
 * `persistent`, every write goes to an append-only file (fsync before each reply) in a temp dir,
 * so a crash loses nothing that was acknowledged and a restart on the same port and dir brings the
 * data back.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** The running server's process id. */
  readonly pid: number | undefined;
  /** Starts (or restarts) the server; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: a crash, no shutdown work. */
  crash(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing until {@link thaw}. */
  freeze(): void;
  /** SIGCONT: answers again, running what arrived meanwhile. */
  thaw(): void;
  /** Stops it for good (SIGTERM) and removes its files. */
  stop(): Promise<void>;
}

/** True when a `redis-server` binary is on the PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface PrivateRedisOptions {
  /** AOF with fsync before every reply: a crash loses nothing acknowledged. */
  persistent?: boolean;
  /** More `redis-server` arguments, e.g. `['--maxmemory', '2mb']`. */
  args?: string[];
  /**
   * A command line the server runs under, e.g. `['valgrind', '--tool=callgrind']` (its process id
   * is then the wrapper's, which becomes the server's).
   */
  wrapper?: string[];
  /** How long the server may take to accept connections (default 15 s; more under a wrapper). */
  startTimeoutMs?: number;
}

/** A private server, not started yet (see {@link startPrivateRedis}). */
export async function privateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wxtpl-test-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--daemonize',
    'no',
    '--dir',
    dir,
    ...(options.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;
  const kill = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (running) await stopChild(running, signal);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    async start() {
      if (child) throw new Error('redis-server already running');
      const [command, ...commandArgs] = [...(options.wrapper ?? []), 'redis-server', ...args] as [
        string,
        ...string[],
      ];
      const started = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      try {
        const within = options.startTimeoutMs ?? 15_000;
        await waitForOutput(started, /Ready to accept connections/, 'redis-server', within);
      } catch (error) {
        await kill('SIGKILL');
        throw error;
      }
    },
    crash: () => kill('SIGKILL'),
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async stop() {
      child?.kill('SIGCONT');
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private server, started. */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const redis = await privateRedis(options);
  try {
    await redis.start();
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return redis;
}
