import type { Redis } from 'ioredis';
import {
  DISCARD_SCRIPT,
  INSERT_SCRIPT,
  LIST_SCRIPT,
  PURGE_SCRIPT,
  RESTORE_SCRIPT,
  TAKE_SCRIPT,
  UNINDEX_SCRIPT,
} from './redis-scripts.js';
import type {
  Credit,
  CreditOwner,
  CreditSource,
  CreditStore,
  InsertOutcome,
  NewCredit,
  SendLimit,
  TakenCredit,
  TakeOutcome,
} from './types.js';

type Reply = unknown;
type OwnerCommand = (...args: (string | number)[]) => Promise<Reply>;

/** The scripts as ioredis commands (EVALSHA, with EVAL only when Redis lost the script). */
interface PoolCommands {
  wxtplPoolInsert: OwnerCommand;
  wxtplPoolTake: OwnerCommand;
  wxtplPoolRestore: OwnerCommand;
  wxtplPoolDiscard: OwnerCommand;
  wxtplPoolList: OwnerCommand;
  wxtplPoolPurge: OwnerCommand;
  wxtplPoolUnindex: OwnerCommand;
}

const OWNER_SCRIPTS: Record<keyof PoolCommands, string> = {
  wxtplPoolInsert: INSERT_SCRIPT,
  wxtplPoolTake: TAKE_SCRIPT,
  wxtplPoolRestore: RESTORE_SCRIPT,
  wxtplPoolDiscard: DISCARD_SCRIPT,
  wxtplPoolList: LIST_SCRIPT,
  wxtplPoolPurge: PURGE_SCRIPT,
  wxtplPoolUnindex: UNINDEX_SCRIPT,
};

const defined = new WeakSet<Redis>();

function commands(redis: Redis): PoolCommands {
  if (!defined.has(redis)) {
    for (const [name, lua] of Object.entries(OWNER_SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys: name === 'wxtplPoolUnindex' ? 1 : 5, lua });
    }
    defined.add(redis);
  }
  return redis as unknown as PoolCommands;
}

const PURGE_BATCH = 200;

/**
 * Credits in Redis, shared by every process of the app. Per user: a sorted set of live credits
 * scored by expiry and a few companions, all under the hash tag `{appId:openid}`; a take is one
 * EVALSHA. A per-app index of users (`pool:APPID:users`) serves {@link purge} only.
 */
export class RedisCredits implements CreditStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  /** `prefix` has no `{` or `}`: the store checked it (the first {…} of a key is its hash tag). */
  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  /** The five keys of one owner, in the order the scripts expect. */
  #ownerKeys(owner: CreditOwner): string[] {
    const base = `${this.#prefix}pool:{${owner.appId}:${owner.openid}}:`;
    return [`${base}live`, `${base}uses`, `${base}meta`, `${base}seen`, `${base}sent`];
  }

  #indexKey(appId: string): string {
    return `${this.#prefix}pool:${appId}:users`;
  }

  async insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; maxCredits: number },
  ): Promise<InsertOutcome> {
    const args: (string | number)[] = [options.now, options.maxCredits, credits.length];
    for (const credit of credits) {
      args.push(credit.id, credit.source, credit.expiresAt, credit.quota);
    }
    // One round trip; the index entry is (re)written after the insert, so a purge that saw this
    // user empty a moment ago and unindexes it cannot hide the new credits from later purges.
    commands(this.#redis);
    const pipeline = this.#redis.pipeline() as unknown as PoolCommands & {
      zadd(key: string, score: number, member: string): unknown;
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    pipeline.wxtplPoolInsert(...this.#ownerKeys(owner), ...args);
    pipeline.zadd(this.#indexKey(owner.appId), options.now, owner.openid);
    const results = await pipeline.exec();
    const [error, raw] = results?.[0] ?? [new Error('empty pipeline reply'), null];
    if (error) throw error;
    const reply = raw as [string[], string[], string[]];
    return { added: reply[0], duplicates: reply[1], evicted: reply[2] };
  }

  async take(
    owner: CreditOwner,
    options: { now: number; takeId: string; limit?: SendLimit },
  ): Promise<TakeOutcome> {
    const reply = (await commands(this.#redis).wxtplPoolTake(
      ...this.#ownerKeys(owner),
      options.now,
      options.takeId,
      options.limit?.max ?? 0,
      options.limit?.windowMs ?? 0,
    )) as string[];
    if (reply[0] === 'none') return { kind: 'none' };
    if (reply[0] === 'limited') return { kind: 'limited', retryAt: Number(reply[1]) };
    return {
      kind: 'credit',
      id: String(reply[1]),
      source: reply[2] as CreditSource,
      usesLeft: Number(reply[3]),
      expiresAt: Number(reply[4]),
    };
  }

  async restore(owner: CreditOwner, take: TakenCredit, options: { now: number }): Promise<boolean> {
    const reply = await commands(this.#redis).wxtplPoolRestore(
      ...this.#ownerKeys(owner),
      options.now,
      take.id,
      take.source,
      take.expiresAt,
      take.quota,
      take.takeId,
    );
    return reply === 1;
  }

  async discard(owner: CreditOwner, take: TakenCredit): Promise<void> {
    await commands(this.#redis).wxtplPoolDiscard(...this.#ownerKeys(owner), take.id, take.takeId);
  }

  async count(owner: CreditOwner, options: { now: number }): Promise<number> {
    let total = 0;
    for (const credit of await this.list(owner, options)) total += credit.usesLeft;
    return total;
  }

  async list(owner: CreditOwner, options: { now: number }): Promise<Credit[]> {
    const flat = (await commands(this.#redis).wxtplPoolList(
      ...this.#ownerKeys(owner),
      options.now,
    )) as string[];
    const credits: Credit[] = [];
    for (let i = 0; i < flat.length; i += 4) {
      credits.push({
        id: String(flat[i]),
        source: flat[i + 1] as CreditSource,
        usesLeft: Number(flat[i + 2]),
        expiresAt: Number(flat[i + 3]),
        openid: owner.openid,
        appId: owner.appId,
      });
    }
    return credits;
  }

  async purge(appId: string, options: { now: number }): Promise<number> {
    const cmd = commands(this.#redis);
    const index = this.#indexKey(appId);
    let removed = 0;
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.zscan(index, cursor, 'COUNT', PURGE_BATCH);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) {
        const openid = String(flat[i]);
        const score = String(flat[i + 1]);
        const [expired, remaining] = (await cmd.wxtplPoolPurge(
          ...this.#ownerKeys({ appId, openid }),
          options.now,
        )) as [number, number];
        removed += expired;
        if (remaining === 0) await cmd.wxtplPoolUnindex(index, openid, score);
      }
    } while (cursor !== '0');
    return removed;
  }
}
