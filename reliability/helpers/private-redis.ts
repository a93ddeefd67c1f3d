import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A redis-server of the test's own on a free port, not daemonized. With `persistent`, every write
 * goes to an append-only file (fsync before each reply) in a temp dir, so a crash loses nothing
 * that was acknowledged and a restart on the same port and dir brings the data back.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Starts (or restarts) the server; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: a crash, no shutdown work. */
  crash(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing until {@link thaw}. */
  freeze(): void;
  /** SIGCONT: answers again, running what arrived meanwhile. */
  thaw(): void;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
}

export async function privateRedis(options: {
  persistent: boolean;
  /** More `redis-server` arguments, e.g. `['--maxmemory', '2mb']`. */
  args?: string[];
}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wxtpl-reliability-redis-'));
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
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) throw new Error('redis-server already running');
      const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      await new Promise<void>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(
          () => reject(new Error(`redis-server not ready: ${output}`)),
          15_000,
        );
        started.stdout?.on('data', (chunk: Buffer) => {
          output += chunk;
          if (output.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.stderr?.on('data', (chunk: Buffer) => {
          output += chunk;
        });
        started.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        started.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}: ${output}`));
        });
      });
    },
    crash: () => kill('SIGKILL'),
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async dispose() {
      child?.kill('SIGCONT');
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
