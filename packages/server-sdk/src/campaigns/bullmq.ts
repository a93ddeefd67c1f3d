import { createRequire } from 'node:module';
import { InvalidArgumentError } from '@wxtpl/shared-types';
import { BullMQMissingError } from './errors.js';

/** The parts of BullMQ the campaigns use, typed loosely so no bullmq type reaches the public API. */
export interface BullJob {
  readonly id?: string | undefined;
  readonly name: string;
  readonly data: unknown;
  readonly attemptsMade?: number;
  readonly stalledCounter?: number;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}
export interface BullQueue {
  add(name: string, data: unknown, options?: object): Promise<unknown>;
  addBulk(jobs: { name: string; data: unknown; opts?: object }[]): Promise<unknown>;
  promoteJobs(options?: object): Promise<void>;
  close(): Promise<void>;
}
export interface BullWorker {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  close(force?: boolean): Promise<void>;
}
export interface BullMQModule {
  Queue: new (name: string, options: object) => BullQueue;
  Worker: new (
    name: string,
    processor: (job: BullJob, token?: string) => Promise<unknown>,
    options: object,
  ) => BullWorker;
  DelayedError: new (message?: string) => Error;
}

const load = createRequire(import.meta.url);

/** BullMQ, an optional peer dependency loaded on first use. */
export function loadBullMQ(): BullMQModule {
  try {
    return load('bullmq') as BullMQModule;
  } catch (error) {
    throw new BullMQMissingError({ cause: error });
  }
}

/** An ioredis client as the campaigns need it (a `Redis` or a `Cluster`). */
export interface IORedisLike {
  readonly isCluster?: boolean;
  readonly options?: { redisOptions?: object } & Record<string, unknown>;
  duplicate(...args: unknown[]): IORedisLike;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export function isIORedis(value: unknown): value is IORedisLike {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.duplicate === 'function' &&
    typeof v.defineCommand === 'function' &&
    typeof v.hgetall === 'function'
  );
}

/**
 * A new connection for BullMQ (which wants `maxRetriesPerRequest: null`): from the URL, or a
 * duplicate of the app's client (a Cluster stays a Cluster).
 */
export function bullConnection(redis: string | IORedisLike): IORedisLike {
  if (typeof redis !== 'string') {
    const connection = redis.isCluster
      ? redis.duplicate(undefined, {
          redisOptions: { ...(redis.options?.redisOptions ?? {}), maxRetriesPerRequest: null },
        })
      : redis.duplicate({ maxRetriesPerRequest: null });
    connection.on('error', () => {});
    return connection;
  }
  return connect(redis, { maxRetriesPerRequest: null });
}

/** An ioredis connection to `url`, from the app's ioredis (an optional peer dependency). */
export function connect(url: string, options: object): IORedisLike {
  let ioredis: { Redis?: unknown; default?: unknown };
  try {
    ioredis = load('ioredis');
  } catch {
    throw new InvalidArgumentError(
      'Campaigns with a Redis URL need the ioredis package (5 or 6): npm install ioredis',
      'redis',
    );
  }
  const Redis = (ioredis.Redis ?? ioredis.default ?? ioredis) as new (
    url: string,
    options: object,
  ) => IORedisLike;
  const connection = new Redis(url, options);
  connection.on('error', () => {});
  return connection;
}
