import { CREDIT_TTL_MS } from '@wxtpl/shared-types';
import type { RedisCommands } from './redis-client.js';
import {
  ACCEPT_SCRIPT,
  COUNT_SUBSCRIPTION_SCRIPT,
  DISCARD_SCRIPT,
  INSERT_SCRIPT,
  LIST_SCRIPT,
  PURGE_SCRIPT,
  RESTORE_SCRIPT,
  RESTORE_SUBSCRIPTION_SCRIPT,
  REVOKE_SCRIPT,
  TAKE_SCRIPT,
  TAKE_SUBSCRIPTION_SCRIPT,
  UNINDEX_SCRIPT,
} from './redis-scripts.js';
import type {
  AcceptanceReport,
  AcceptOutcome,
  Credit,
  CreditLimits,
  CreditOwner,
  CreditSource,
  CreditStore,
  InsertOutcome,
  NewCredit,
  TakenCredit,
  TakeOutcome,
  TakeRequest,
} from './types.js';

type Reply = unknown;
type Script = (...args: (string | number)[]) => Promise<Reply>;

const SCRIPTS = {
  wxtplInsert: INSERT_SCRIPT,
  wxtplTake: TAKE_SCRIPT,
  wxtplTakeSubscription: TAKE_SUBSCRIPTION_SCRIPT,
  wxtplRestore: RESTORE_SCRIPT,
  wxtplRestoreSubscription: RESTORE_SUBSCRIPTION_SCRIPT,
  wxtplDiscard: DISCARD_SCRIPT,
  wxtplRevoke: REVOKE_SCRIPT,
  wxtplAccept: ACCEPT_SCRIPT,
  wxtplList: LIST_SCRIPT,
  wxtplCountSubscription: COUNT_SUBSCRIPTION_SCRIPT,
  wxtplPurge: PURGE_SCRIPT,
  wxtplUnindex: UNINDEX_SCRIPT,
};
type Scripts = { [Name in keyof typeof SCRIPTS]: Script };

/** Users holding acceptances of one template are indexed over this many keys (Cluster slots). */
const AUDIENCE_SHARDS = 16;
const PURGE_BATCH = 200;

const defined = new WeakSet<object>();

/**
 * Defines the scripts on the client as commands (EVALSHA, EVAL when the connection has not run
 * one yet), keys variadic — all at once, when the store is made: with auto-pipelining, ioredis
 * queues a command into the pipeline of the current turn, which has only the scripts defined when
 * it was built, so a script defined later in the same turn would be missing from it.
 */
function defineScripts(redis: RedisCommands): void {
  if (defined.has(redis)) return;
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { lua });
  defined.add(redis);
}

/**
 * Credits in Redis (one server or a Cluster), shared by every process of the app. Each user's
 * data sits in one hash slot and every operation on it is one script; the per-app indexes (users,
 * for purges; users per template, for campaigns) live in other slots and are written by separate
 * commands, before the user's script so that a failed index write fails the call instead of
 * hiding a credit.
 *
 * The audience index (users per template, sharded over {@link AUDIENCE_SHARDS} keys of their own
 * hash tag) is a superset of the users holding an acceptance, kept close by pruning lazily: a take
 * that finds none or spends the user's last acceptance removes the entry, then looks again and
 * puts it back if an acceptance arrived meanwhile. An accept writes the entry after its script,
 * for the templates the user then holds, so whichever order a prune and an accept interleave in, a
 * user holding an acceptance ends indexed.
 *
 * Every entry has the score 0 and the audience is paged in member order (`ZRANGEBYLEX` after the
 * last openid returned): such a cursor means the same thing after entries were removed and after
 * Redis restarted, where a `ZSCAN` cursor, tied to the hash table's layout, would skip users.
 */
export class RedisCredits implements CreditStore {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  /** Bounds every command: a frozen Redis ends the wait (the command may still run later). */
  readonly #bounded: <T>(command: Promise<T>) => Promise<T>;

  /** `prefix` has no `{` or `}`: the store checked it (the first {…} of a key is its hash tag). */
  constructor(
    redis: RedisCommands,
    prefix: string,
    bounded: <T>(command: Promise<T>) => Promise<T>,
  ) {
    defineScripts(redis);
    this.#redis = redis;
    this.#prefix = prefix;
    this.#bounded = bounded;
  }

  #run(name: keyof Scripts, keys: string[], args: (string | number)[]): Promise<Reply> {
    const scripts = this.#redis as unknown as Scripts;
    return this.#bounded(scripts[name](keys.length, ...keys, ...args));
  }

  // The appId's length makes the tag unambiguous: `wxA` + `x:y` and `wxA:x` + `y` differ.
  #base({ appId, openid }: CreditOwner): string {
    return `${this.#prefix}c:{${appId.length}:${appId}:${openid}}:`;
  }

  #formKeys(owner: CreditOwner): {
    live: string;
    uses: string;
    meta: string;
    seen: string;
    sent: string;
    takes: string;
  } {
    const base = this.#base(owner);
    return {
      live: `${base}live`,
      uses: `${base}uses`,
      meta: `${base}meta`,
      seen: `${base}seen`,
      sent: `${base}sent`,
      takes: `${base}takes`,
    };
  }

  #usersKey(appId: string): string {
    return `${this.#prefix}users:{${appId.length}:${appId}}`;
  }

  #audienceKey(appId: string, templateId: string, shard: number): string {
    return `${this.#prefix}aud:{${appId.length}:${appId}:${templateId}:${shard}}`;
  }

  async #index(owner: CreditOwner, now: number): Promise<void> {
    await this.#bounded(this.#redis.zadd(this.#usersKey(owner.appId), now, owner.openid));
  }

  async insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; limits: CreditLimits },
  ): Promise<InsertOutcome> {
    const k = this.#formKeys(owner);
    const args: (string | number)[] = [
      options.now,
      options.limits.maxCredits,
      options.limits.maxRemembered,
      credits.length,
    ];
    for (const c of credits) args.push(c.id, c.source, c.expiresAt, c.quota);
    await this.#index(owner, options.now);
    const [added, duplicates, evicted] = (await this.#run(
      'wxtplInsert',
      [k.live, k.uses, k.meta, k.seen, k.takes],
      args,
    )) as [string[], string[], string[]];
    return { added, duplicates, evicted };
  }

  async accept(
    owner: CreditOwner,
    reports: readonly AcceptanceReport[],
    options: { now: number; pairWindowMs: number; limits: CreditLimits },
  ): Promise<AcceptOutcome> {
    const base = this.#base(owner);
    const k = this.#formKeys(owner);
    const keys = [`${base}tpl`, `${base}lt`, k.seen, k.meta];
    const args: (string | number)[] = [
      options.now,
      options.pairWindowMs,
      options.limits.maxTemplates,
      options.limits.maxPerTemplate,
      CREDIT_TTL_MS,
      reports.length,
    ];
    for (const r of reports) {
      keys.push(`${base}subs:${r.templateId}`, `${base}rep:${r.templateId}`);
      args.push(
        r.reportId,
        r.templateId,
        r.source,
        r.longTerm ? 1 : 0,
        r.at,
        Number.isFinite(r.expiresAt) ? r.expiresAt : 'inf',
      );
    }
    keys.push(`${base}takes`);
    await this.#index(owner, options.now);
    const outcome = (await this.#run('wxtplAccept', keys, args)) as AcceptOutcome;
    // Indexed after the script, and only for templates the user holds: a capped report (a
    // made-up template past maxTemplatesPerUser) adds nothing outside the user's bounded keys.
    // A failed index write fails the call; its retry, answered `duplicate`, indexes again.
    const held = heldTemplates(reports, outcome);
    if (held.check.size > 0) {
      const [oneTime, longTerm] = await Promise.all([
        this.#bounded(this.#redis.hkeys(`${base}tpl`)),
        this.#bounded(this.#redis.hkeys(`${base}lt`)),
      ]);
      const holding = new Set([...oneTime, ...longTerm]);
      for (const templateId of held.check) if (holding.has(templateId)) held.index.add(templateId);
    }
    await this.#enter(owner, [...held.index]);
    return outcome;
  }

  /** Adds the user to the audience of each template. */
  async #enter(owner: CreditOwner, templateIds: readonly string[]): Promise<void> {
    const shard = shardOf(owner.openid);
    await Promise.all(
      templateIds.map((templateId) =>
        this.#bounded(
          this.#redis.zadd(this.#audienceKey(owner.appId, templateId, shard), 0, owner.openid),
        ),
      ),
    );
  }

  /**
   * Drops the user from the template's audience unless they hold an acceptance of it, looking
   * after the removal so that an acceptance recorded meanwhile keeps them. A hint only: when
   * Redis fails halfway the entry is put back (a superset is harmless; a lost user is not).
   */
  async #prune(owner: CreditOwner, templateId: string): Promise<void> {
    const base = this.#base(owner);
    const key = this.#audienceKey(owner.appId, templateId, shardOf(owner.openid));
    let held = true;
    try {
      // `tpl` lists every template the user holds acceptances of, long-term ones included. One
      // server runs a connection's commands in the order sent, so the look goes out with the
      // removal (one round trip); a Cluster may hold the two keys on different nodes, so there
      // the look waits for the removal.
      if (this.#redis.isCluster === false) {
        const removed = this.#bounded(this.#redis.zrem(key, owner.openid));
        const holds = this.#bounded(this.#redis.hexists(`${base}tpl`, templateId));
        held = (await Promise.all([removed, holds]))[1] === 1;
      } else {
        await this.#bounded(this.#redis.zrem(key, owner.openid));
        held = (await this.#bounded(this.#redis.hexists(`${base}tpl`, templateId))) === 1;
      }
    } catch {
      held = true;
    }
    if (held) await this.#bounded(this.#redis.zadd(key, 0, owner.openid)).catch(() => 0);
  }

  async revoke(owner: CreditOwner, templateId: string, options: { now: number }): Promise<number> {
    const keys = this.#revokeKeys(owner, templateId);
    const removed = Number(await this.#run('wxtplRevoke', keys, [options.now, templateId]));
    await this.#prune(owner, templateId);
    return removed;
  }

  #revokeKeys(owner: CreditOwner, templateId: string): string[] {
    const base = this.#base(owner);
    return [
      `${base}subs:${templateId}`,
      `${base}rep:${templateId}`,
      `${base}lt`,
      `${base}tpl`,
      `${base}revoked`,
    ];
  }

  async take(owner: CreditOwner, request: TakeRequest): Promise<TakeOutcome> {
    const base = this.#base(owner);
    const { now, takeId, templateId } = request;
    const max = request.limit?.max ?? 0;
    const windowMs = request.limit?.windowMs ?? 0;
    // Keys and arguments written out: the one script of every notify. Its answer is one string:
    // the take's record, tab-separated (see TAKE_SCRIPT).
    const reply = (
      templateId === undefined
        ? await this.#run(
            'wxtplTake',
            [`${base}live`, `${base}uses`, `${base}meta`, `${base}sent`, `${base}takes`],
            [now, takeId, max, windowMs],
          )
        : await this.#run(
            'wxtplTakeSubscription',
            [`${base}subs:${templateId}`, `${base}lt`, `${base}sent`, `${base}takes`, `${base}tpl`],
            [now, takeId, max, windowMs, templateId],
          )
    ) as string;
    const f = reply.split('\t');
    const state = f[0];
    if (state === 'none') {
      // Off the send's path: between a take and its send nothing else may wait (a process that
      // dies there leaves a credit spent and a message unsent).
      if (templateId !== undefined) void this.#prune(owner, templateId);
      return { kind: 'none' };
    }
    if (state === 'limited') return { kind: 'limited', retryAt: Number(f[1]) };
    if (state === 'replay') {
      // A recorded take: state, source, id, expiresAt, uses left, taken at.
      const replayed = f[1] === 'dropped' ? 'dropped' : 'taken';
      return { ...credit(f, 1), replayed };
    }
    if (f[6] === '1' && templateId !== undefined) void this.#prune(owner, templateId);
    return credit(f, 0);
  }

  async restore(
    owner: CreditOwner,
    taken: TakenCredit,
    options: { now: number },
  ): Promise<boolean> {
    const base = this.#base(owner);
    const k = this.#formKeys(owner);
    const takes = `${base}takes`;
    const reply =
      taken.templateId === undefined
        ? await this.#run(
            'wxtplRestore',
            [k.live, k.uses, k.meta, k.seen, k.sent, takes],
            [options.now, taken.takeId],
          )
        : await this.#run(
            'wxtplRestoreSubscription',
            [`${base}subs:${taken.templateId}`, `${base}tpl`, `${base}revoked`, k.sent, takes],
            [options.now, taken.takeId, taken.templateId],
          );
    // The take may have pruned the user from the audience (it spent the last acceptance).
    if (reply === 1 && taken.templateId !== undefined) await this.#enter(owner, [taken.templateId]);
    return reply === 1;
  }

  async discard(owner: CreditOwner, taken: TakenCredit, options: { now: number }): Promise<void> {
    const base = this.#base(owner);
    const k = this.#formKeys(owner);
    const takes = `${base}takes`;
    if (taken.templateId !== undefined) {
      await this.#run(
        'wxtplRevoke',
        [...this.#revokeKeys(owner, taken.templateId), k.sent, takes],
        [options.now, taken.templateId, taken.takeId],
      );
      await this.#prune(owner, taken.templateId);
      return;
    }
    await this.#run(
      'wxtplDiscard',
      [k.live, k.uses, k.meta, k.sent, takes],
      [taken.takeId, taken.id],
    );
  }

  async count(
    owner: CreditOwner,
    options: { now: number; templateId?: string | undefined },
  ): Promise<number> {
    if (options.templateId !== undefined) {
      const base = this.#base(owner);
      const n = Number(
        await this.#run(
          'wxtplCountSubscription',
          [`${base}subs:${options.templateId}`, `${base}lt`],
          [options.now, options.templateId],
        ),
      );
      return n < 0 ? Number.POSITIVE_INFINITY : n;
    }
    let total = 0;
    for (const credit of await this.list(owner, options)) {
      if (credit.source !== 'subscription') total += credit.usesLeft;
    }
    return total;
  }

  async list(owner: CreditOwner, options: { now: number }): Promise<Credit[]> {
    const base = this.#base(owner);
    const k = this.#formKeys(owner);
    const templates = (await this.#bounded(this.#redis.hkeys(`${base}tpl`))).sort();
    const flat = (await this.#run(
      'wxtplList',
      [k.live, k.uses, k.meta, `${base}lt`, ...templates.map((t) => `${base}subs:${t}`)],
      [options.now, ...templates],
    )) as string[];
    const credits: Credit[] = [];
    for (let i = 0; i < flat.length; i += 5) {
      const templateId = String(flat[i + 4]);
      credits.push({
        id: String(flat[i]),
        source: flat[i + 1] as CreditSource,
        ...(templateId === '' ? {} : { templateId }),
        usesLeft: usesOf(flat[i + 2]),
        expiresAt: scoreOf(flat[i + 3]),
        openid: owner.openid,
        appId: owner.appId,
      });
    }
    return credits;
  }

  async purge(appId: string, options: { now: number }): Promise<number> {
    const index = this.#usersKey(appId);
    let removed = 0;
    let cursor = '0';
    do {
      const [next, flat] = await this.#bounded(
        this.#redis.zscan(index, cursor, 'COUNT', PURGE_BATCH),
      );
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) {
        const openid = String(flat[i]);
        const score = String(flat[i + 1]);
        const owner = { appId, openid };
        const base = this.#base(owner);
        const k = this.#formKeys(owner);
        let more = true;
        let left = 1;
        while (more) {
          const templates = await this.#bounded(this.#redis.hkeys(`${base}tpl`));
          const [gone, anything, again] = (await this.#run(
            'wxtplPurge',
            [
              k.live,
              k.uses,
              k.meta,
              k.seen,
              `${base}tpl`,
              `${base}lt`,
              `${base}revoked`,
              `${base}takes`,
              ...templates.flatMap((t) => [`${base}subs:${t}`, `${base}rep:${t}`]),
            ],
            [options.now, ...templates],
          )) as [number, number, number];
          removed += gone;
          left = anything;
          more = again === 1;
        }
        if (left === 0) await this.#run('wxtplUnindex', [index], [openid, score]);
      }
    } while (cursor !== '0');
    return removed;
  }

  async audience(
    appId: string,
    templateId: string,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; openids: string[] }> {
    let [shard, after] = cursor === '0' ? [0, ''] : parseCursor(cursor);
    for (; shard < AUDIENCE_SHARDS; shard++, after = '') {
      const openids = await this.#bounded(
        this.#redis.zrangebylex(
          this.#audienceKey(appId, templateId, shard),
          after === '' ? '-' : `(${after}`,
          '+',
          'LIMIT',
          0,
          count,
        ),
      );
      if (openids.length === count) return { cursor: `${shard}:${openids.at(-1)}`, openids };
      if (openids.length > 0) {
        const last = shard + 1 >= AUDIENCE_SHARDS;
        return { cursor: last ? '0' : `${shard + 1}:`, openids };
      }
    }
    return { cursor: '0', openids: [] };
  }
}

/**
 * The templates a user holds after an accept, by outcome: `index` for certain, `check` (reported
 * again) when the user's own template list says so.
 */
function heldTemplates(
  reports: readonly AcceptanceReport[],
  outcome: AcceptOutcome,
): { index: Set<string>; check: Set<string> } {
  const index = new Set<string>();
  const check = new Set<string>();
  reports.forEach((report, i) => {
    const kind = outcome[i];
    if (kind === 'added' || kind === 'paired' || kind === 'held') index.add(report.templateId);
    else if (kind === 'duplicate') check.add(report.templateId);
  });
  for (const templateId of index) check.delete(templateId);
  return { index, check };
}

/** `shard:openid`: the shard to read and the last openid returned from it ('' for none yet). */
function parseCursor(cursor: string): [number, string] {
  const colon = cursor.indexOf(':');
  const n = Number(cursor.slice(0, colon));
  return colon > 0 && Number.isInteger(n) && n >= 0
    ? [n, cursor.slice(colon + 1)]
    : [AUDIENCE_SHARDS, ''];
}

/** A stable shard for an openid (FNV-1a), so a user's index entry always lands in one place. */
function shardOf(openid: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < openid.length; i++) {
    hash ^= openid.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % AUDIENCE_SHARDS;
}

/** The credit of a take's record (state, source, id, expiresAt, uses left, …) from field `at`. */
function credit(
  f: string[],
  at: number,
): { kind: 'credit'; id: string; source: CreditSource; usesLeft: number; expiresAt: number } {
  const left = f[at + 4] as string;
  const expires = f[at + 3] as string;
  return {
    kind: 'credit',
    id: f[at + 2] as string,
    source: f[at + 1] as CreditSource,
    usesLeft: left === '0' ? 0 : usesOf(left),
    expiresAt: scoreOf(expires),
  };
}

function usesOf(reply: unknown): number {
  const n = Number(reply);
  return n < 0 ? Number.POSITIVE_INFINITY : n;
}

/** A score as the expiry it stands for: a one-use formId's is half a millisecond early. */
function scoreOf(reply: unknown): number {
  const text = String(reply);
  return text === 'inf' || text === '+inf' ? Number.POSITIVE_INFINITY : Math.ceil(Number(text));
}
