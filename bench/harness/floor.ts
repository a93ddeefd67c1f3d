import { buildSendRequest, buildSubscribeSendRequest } from '@wxtpl/shared-types';
import type { Redis } from 'ioredis';
import type { Pool } from 'undici';
import {
  type BenchApp,
  type CreditKind,
  DATA,
  EMPHASIS,
  PAGE,
  SUBSCRIBE_DATA,
} from './fixtures.js';
import { rawPost } from './raw-http.js';
import { runConcurrently } from './stats.js';

/** A no-op Lua script: a Redis round trip carrying a take's keys and arguments, doing nothing. */
const NOOP_SCRIPT = 'return 1';

/**
 * The floor the SDK's throughput is held to: raw keep-alive POSTs (undici `dispatch`) of the exact
 * bytes the Notifier sends for `sends`, serialised before any timing; with `redis`, each preceded
 * by the cheapest Redis round trip of a take's shape — a no-op script carrying the keys and
 * arguments of the pool's take script, on a connection set up as the store's own (`bareRedis`) —
 * as no Redis-backed design can spend a credit with less.
 * Resolves to a runner of sends `from` to `to`, `concurrency` at once, throwing on any errcode.
 */
export async function floorRunner(options: {
  kind: CreditKind;
  app: Pick<BenchApp, 'appId' | 'template' | 'subscribeTemplate'>;
  sends: readonly { openid: string; id: string }[];
  pool: Pool;
  /** The send endpoint's path with its `access_token`. */
  path: string;
  redis?: { client: Redis; prefix: string } | undefined;
}): Promise<(concurrency: number, from: number, to: number) => Promise<void>> {
  const { kind, app, sends, pool, path, redis } = options;
  const bodies = sends.map(({ openid, id }) =>
    JSON.stringify(
      kind === 'template'
        ? buildSendRequest(app.template, {
            touser: openid,
            formId: id,
            data: DATA,
            page: PAGE,
            emphasis: EMPHASIS,
          })
        : buildSubscribeSendRequest(app.subscribeTemplate, {
            touser: openid,
            data: SUBSCRIBE_DATA,
            page: PAGE,
          }),
    ),
  );
  const post = async (i: number) => {
    const errcode = await rawPost(pool, path, bodies[i] as string);
    if (errcode !== 0) throw new Error(`raw send answered errcode ${errcode}`);
  };
  if (redis === undefined) {
    return (concurrency, from, to) => runConcurrently(to, concurrency, post, from);
  }
  const { client, prefix } = redis;
  const sha = (await client.script('LOAD', NOOP_SCRIPT)) as string;
  // The keys and arguments of the pool's take script for this kind of credit.
  const templateId = app.subscribeTemplate.id;
  const calls = sends.map(({ openid }, i) => {
    const base = `${prefix}c:{${app.appId.length}:${app.appId}:${openid}}:`;
    const keys =
      kind === 'template'
        ? ['live', 'uses', 'meta', 'sent', 'takes']
        : [`subs:${templateId}`, 'lt', 'sent', 'takes', 'tpl'];
    const args = kind === 'template' ? [i, 0, 0] : [i, 0, 0, templateId];
    return { keys: keys.map((k) => base + k), args };
  });
  const floor = async (i: number) => {
    const call = calls[i] as { keys: string[]; args: (string | number)[] };
    await client.evalsha(sha, 5, ...call.keys, Date.now(), ...call.args);
    await post(i);
  };
  return (concurrency, from, to) => runConcurrently(to, concurrency, floor, from);
}
