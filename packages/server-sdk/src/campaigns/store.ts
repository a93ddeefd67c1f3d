import { CampaignStoreError } from './errors.js';
import {
  CANCEL_SCRIPT,
  GATE_SCRIPT,
  HOLD_SCRIPT,
  PLAN_ADVANCE_SCRIPT,
  PLAN_PAGE_SCRIPT,
  RECORD_SCRIPT,
  RESUME_SCRIPT,
} from './scripts.js';

/** The ioredis commands the campaign store calls (a `Redis` or a `Cluster`). */
export interface CampaignRedis {
  defineCommand(name: string, definition: { lua: string }): void;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, ...fieldsAndValues: (string | number)[]): Promise<unknown>;
  hlen(key: string): Promise<number>;
  rpush(key: string, ...values: string[]): Promise<number>;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  pexpire(key: string, ms: number): Promise<unknown>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
}

const SCRIPTS = {
  wxtplCmpPlanPage: PLAN_PAGE_SCRIPT,
  wxtplCmpPlanAdvance: PLAN_ADVANCE_SCRIPT,
  wxtplCmpGate: GATE_SCRIPT,
  wxtplCmpRecord: RECORD_SCRIPT,
  wxtplCmpHold: HOLD_SCRIPT,
  wxtplCmpCancel: CANCEL_SCRIPT,
  wxtplCmpResume: RESUME_SCRIPT,
};
type Script = (...args: (string | number)[]) => Promise<unknown>;
type Scripts = { [Name in keyof typeof SCRIPTS]: Script };

const defined = new WeakSet<object>();

/** What the gate answered for one user. */
export type Gate =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'hold'; ms: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'go'; ms: number };

/** A page of the audience: its users, the cursor after it, and whether it is the last. */
export interface Page {
  openids: string[];
  next: string;
  last: boolean;
}

/** A user's outcome in the journal. */
export type Outcome = 'd' | 's' | 'f';

/** One user's outcome as recorded: the error key of a failure, in doubt (delivered, unconfirmed). */
export interface Recorded {
  openid: string;
  outcome: Outcome;
  error?: string | undefined;
  inDoubt?: boolean | undefined;
}

/** The stored fields of a campaign. */
export type CampaignRecord = Record<string, string>;

/**
 * A campaign's bookkeeping in Redis: the journal of outcomes, the counters, the rate and the
 * holds, each change one script on the campaign's own slot. Every command is bounded.
 */
export class CampaignStore {
  readonly #redis: CampaignRedis;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(redis: CampaignRedis, prefix: string, timeoutMs: number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#timeoutMs = timeoutMs;
    if (!defined.has(redis)) {
      for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { lua });
      defined.add(redis);
    }
  }

  /** meta, users, counts, list, tat: every script gets them all (one slot). */
  keys(id: string): string[] {
    const base = `${this.#prefix}cmp:{cmp:${id}}:`;
    return [`${base}meta`, `${base}users`, `${base}counts`, `${base}list`, `${base}tat`];
  }

  async #bounded<T>(operation: string, command: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.#timeoutMs} ms`)),
            this.#timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw new CampaignStoreError(operation, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  #script(name: keyof Scripts, id: string, args: (string | number)[]): Promise<unknown> {
    const keys = this.keys(id);
    return this.#bounded(name, () =>
      (this.#redis as unknown as Scripts)[name](keys.length, ...keys, ...args),
    );
  }

  async create(id: string, fields: Record<string, string>, openids?: readonly string[]) {
    const [meta, , , list] = this.keys(id) as [string, string, string, string];
    if (openids !== undefined) {
      for (let i = 0; i < openids.length; i += 1000) {
        const chunk = openids.slice(i, i + 1000) as string[];
        await this.#bounded('store the audience', () => this.#redis.rpush(list, ...chunk));
      }
    }
    await this.#bounded('create the campaign', () =>
      this.#redis.hset(meta, ...Object.entries(fields).flat()),
    );
  }

  async read(id: string): Promise<{ meta: CampaignRecord; counts: CampaignRecord; total: number }> {
    const [meta, users, counts] = this.keys(id) as [string, string, string];
    const [m, c, total] = await this.#bounded('read the campaign', () =>
      Promise.all([
        this.#redis.hgetall(meta),
        this.#redis.hgetall(counts),
        this.#redis.hlen(users),
      ]),
    );
    return { meta: m, counts: c, total };
  }

  /** The campaign's state and hold (epoch ms, 0: none), for the gate's fast path. */
  async peek(id: string): Promise<{ state: string | null; holdUntil: number }> {
    const meta = this.keys(id)[0] as string;
    const [state, hold] = await this.#bounded('read the campaign', () =>
      this.#redis.hmget(meta, 'state', 'holdUntil'),
    );
    return { state: state ?? null, holdUntil: Number(hold ?? '0') };
  }

  /** Of `openids`, those with an outcome recorded already. */
  async settled(id: string, openids: readonly string[]): Promise<Set<string>> {
    if (openids.length === 0) return new Set();
    const users = this.keys(id)[1] as string;
    const outcomes = await this.#bounded('read the journal', () =>
      this.#redis.hmget(users, ...openids),
    );
    return new Set(openids.filter((_, i) => outcomes[i] !== null && outcomes[i] !== 'p'));
  }

  listPage(id: string, start: number, count: number): Promise<string[]> {
    const list = this.keys(id)[3] as string;
    return this.#bounded('read the audience', () =>
      this.#redis.lrange(list, start, start + count - 1),
    );
  }

  /**
   * Stages page `seq` (see PLAN_PAGE_SCRIPT): the page as first staged, which may differ from
   * `page`; null when another planner moved past `seq`.
   */
  async stagePage(id: string, seq: number, page: Page): Promise<Page | null> {
    const reply = (await this.#script('wxtplCmpPlanPage', id, [
      seq,
      page.next,
      page.last ? 1 : 0,
      ...page.openids,
    ])) as [string, string?, string?, string?];
    if (reply[0] !== 'staged') return null;
    const [, next = '0', last, joined = ''] = reply;
    return { next, last: last === '1', openids: joined === '' ? [] : joined.split('\t') };
  }

  /** Moves the planner past page `seq`; false when another planner did first. */
  async advance(id: string, seq: number, page: Page): Promise<boolean> {
    const moved = await this.#script('wxtplCmpPlanAdvance', id, [
      seq,
      page.next,
      seq + 1,
      page.last ? 1 : 0,
    ]);
    return moved === 1;
  }

  async gate(id: string, openid: string, intervalMs: number, maxAheadMs: number): Promise<Gate> {
    const reply = (await this.#script('wxtplCmpGate', id, [openid, intervalMs, maxAheadMs])) as [
      Gate['kind'],
      string?,
    ];
    const kind = reply[0];
    if (kind === 'done' || kind === 'cancelled') return { kind };
    return { kind, ms: Math.max(0, Number(reply[1])) };
  }

  /** Records the outcomes of users (one script for all); how many had none before. */
  async record(id: string, entries: readonly Recorded[]): Promise<number> {
    // Two arguments a user: the openid, and the outcome with its error key or in-doubt mark.
    const args: string[] = new Array(entries.length * 2);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as Recorded;
      args[2 * i] = e.openid;
      args[2 * i + 1] =
        e.error !== undefined && e.error !== ''
          ? `${e.outcome}${e.inDoubt ? '!' : ':'}${e.error}`
          : e.inDoubt
            ? `${e.outcome}!`
            : e.outcome;
    }
    return Number(await this.#script('wxtplCmpRecord', id, args));
  }

  /** Holds every worker off: an exponential backoff, or parked until `until`. The hold's end. */
  async hold(id: string, kind: 'pushback' | 'park', until = 0): Promise<number> {
    return Number(await this.#script('wxtplCmpHold', id, [kind, until, 1000, 60_000]));
  }

  async cancel(id: string): Promise<boolean> {
    return (await this.#script('wxtplCmpCancel', id, [])) === 1;
  }

  async resume(id: string): Promise<boolean> {
    return (await this.#script('wxtplCmpResume', id, [])) === 1;
  }
}
