import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtPackage, FAST_RETRY } from '@wxtpl/testkit';

const WORKER = fileURLToPath(new URL('./notify-worker.mjs', import.meta.url));

/**
 * Runs `notify-worker.mjs` (the built SDK in a process of its own) with `config`; resolves to the
 * outcomes it prints as its last line.
 */
export function runNotifyWorker<T>(config: Record<string, unknown>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, WXTPL_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string));
    });
  });
}

/** Where the workers meet: the shared Redis and the emulator's app. */
export interface WorkerSite {
  redis: { url: string; prefix: string };
  appId: string;
  appSecret: string;
  baseUrl: string;
}

/**
 * `processes` workers on the built SDK against `site`, each told `job` and its own index (fast
 * retries); resolves to all their outcomes.
 */
export async function runNotifyWorkers<T>(
  processes: number,
  site: WorkerSite,
  job: Record<string, unknown>,
): Promise<T[]> {
  const { redis, ...app } = site;
  const shared = {
    sdkUrl: builtPackage('server-sdk').indexUrl,
    redisUrl: redis.url,
    prefix: redis.prefix,
    ...app,
    retry: FAST_RETRY,
    ...job,
  };
  const outcomes = await Promise.all(
    Array.from({ length: processes }, (_, worker) => runNotifyWorker<T>({ ...shared, worker })),
  );
  return outcomes.flat();
}
