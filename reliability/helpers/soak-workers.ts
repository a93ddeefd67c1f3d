import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PurchaseTemplate } from '@wxtpl/testkit';

const WORKER = fileURLToPath(new URL('./soak-worker.mjs', import.meta.url));

/** What one notify of a worker ended in. */
export interface WorkerOutcome {
  marker: string;
  openid: string;
  ok: boolean;
  formId?: string;
  attempts?: number;
  /** The error's class name. */
  error?: string;
  /** True when the error is one of the SDK's (`WxtplError`). */
  typed?: boolean;
  errcode?: number;
}

/** Per marker, each send to WeChat: [form_id, 0 | errcode | `transport:<failure>:<requestSent>`]. */
export type SendLog = Record<string, [string, number | string][]>;

export interface WorkerConfig {
  sdkUrl: string;
  redisUrl: string;
  prefix: string;
  appId: string;
  appSecret: string;
  baseUrl: string;
  retry: { retries: number; minDelayMs: number; maxDelayMs: number };
  template: PurchaseTemplate;
  openids: string[];
  total: number;
  processes: number;
  concurrency: number;
}

/** Runs `config.processes` SDK server processes to completion; resolves to their merged records. */
export async function runSoakWorkers(
  config: WorkerConfig,
): Promise<{ outcomes: WorkerOutcome[]; sends: SendLog }> {
  const dir = mkdtempSync(join(tmpdir(), 'wxtpl-soak-'));
  try {
    const results = await Promise.all(
      Array.from({ length: config.processes }, (_, process) =>
        runOne({ ...config, process, outFile: join(dir, `worker-${process}.json`) }),
      ),
    );
    return {
      outcomes: results.flatMap((r) => r.outcomes),
      sends: Object.assign({}, ...results.map((r) => r.sends)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runOne(
  config: WorkerConfig & { process: number; outFile: string },
): Promise<{ outcomes: WorkerOutcome[]; sends: SendLog }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, WXTPL_SOAK_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`soak worker ${config.process} exited ${code}: ${stderr}`));
      else resolve(JSON.parse(readFileSync(config.outFile, 'utf8')));
    });
  });
}
