import { Agent } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSigner } from '../examples/server/src/session.ts';
import { CollectOracle } from './helpers/collect-oracle.ts';
import { type CollectStack, startCollectStack } from './helpers/collect-stack.ts';
import { collectTraffic } from './helpers/collect-traffic.ts';
import { type Answer, type RawAnswer, sendHttp, sendRaw } from './helpers/http-send.ts';
import { tally } from './helpers/inbox.ts';
import { seededRandom } from './helpers/seeded-random.ts';
import type { Session, Traffic } from './helpers/traffic.ts';

const REQUESTS = 10_000;
const VALID_SHARE = 0.12;
const CONCURRENCY = 8;
const USERS = 60;
/** Below the pool's 100 credits per user: no eviction muddles the exact count. */
const MAX_STORABLE_PER_USER = 90;
const HANG_GUARD_MS = 30_000;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a test knob, no turbo task reads it
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261127);
const SESSION_SECRET = 'reliability-session-secret-0123456789';

describe('the collect endpoint of the example server under 10,000 hostile and valid requests', () => {
  let stack: CollectStack;

  beforeAll(async () => {
    stack = await startCollectStack(SESSION_SECRET);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers every hostile request 4xx (never 5xx, never a hang) and stores exactly the valid uploads', async () => {
    const { emulator, server, base, errorLogs } = stack;
    const sessions: Session[] = [];
    for (let i = 0; i < USERS; i++) {
      const { code, openid } = await emulator.control.login({ appId: emulator.appId });
      const response = await fetch(new URL('/login', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      const { token } = (await response.json()) as { token: string };
      sessions.push({ openid, authorization: `Bearer ${token}` });
    }
    const first = sessions[0] as Session;
    const strangers = ['o-victim-never-signed-in', 'o-victim-2', 'admin'];
    const badAuthorizations = [
      'Bearer not-a-token',
      `${first.authorization.slice(0, -2)}xx`, // tampered signature
      `Bearer ${createSessionSigner(SESSION_SECRET).sign(first.openid, Date.now() - 2 * 86_400_000)}`, // expired
      `Bearer ${createSessionSigner('another-secret-0123456789').sign(first.openid)}`,
      `Basic ${Buffer.from(`${first.openid}:x`).toString('base64')}`,
      first.openid,
    ];
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const now = Date.now();
    const random = seededRandom(SEED);
    const traffic = collectTraffic(
      {
        random,
        sessions,
        badAuthorizations,
        victims: [...strangers, ...sessions.slice(1, 6).map((s) => s.openid)],
        now,
      },
      { count: REQUESTS, validShare: VALID_SHARE, maxStorablePerUser: MAX_STORABLE_PER_USER },
    );

    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const oracle = new CollectOracle(now);
    const failures: string[] = [];
    const outcomes: { request: Traffic; status: string }[] = [];
    const started = performance.now();
    const worker = async () => {
      for (let next = traffic.next(); !next.done; next = traffic.next()) {
        const request = next.value;
        const answer =
          request.kind === 'raw'
            ? await sendRaw(base, request.bytes, request.answer === 'required', HANG_GUARD_MS)
            : await sendHttp(base, request.http, agent, HANG_GUARD_MS);
        const problem = judge(request, answer, oracle);
        if (problem) failures.push(`${request.label}: ${problem}`);
        outcomes.push({ request, status: statusOf(answer) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();

    expect(outcomes).toHaveLength(REQUESTS);
    expect(failures.slice(0, 20)).toEqual([]);

    // Still up and serving.
    expect((await fetch(new URL('/health', base))).status).toBe(200);
    const extra = { formId: `after-${random.hex(16)}`, createdAt: Date.now() };
    const last = await fetch(new URL('/formids', base), {
      method: 'POST',
      headers: { authorization: first.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [extra] }),
    });
    expect(last.status).toBe(200);
    expect(((await last.json()) as { accepted: string[] }).accepted).toEqual([extra.formId]);

    // The pool holds exactly what was accepted, per user; nobody else holds anything.
    const { problems, holdings } = oracle.settle();
    expect(problems.slice(0, 20)).toEqual([]);
    holdings.set(0, new Set([...(holdings.get(0) ?? []), extra.formId]));
    let held = 0;
    for (const [user, session] of sessions.entries()) {
      const ids = (await server.pool.credits(session.openid)).map((credit) => credit.id).sort();
      expect(ids, `credits of user ${user}`).toEqual([...(holdings.get(user) ?? [])].sort());
      held += ids.length;
    }
    for (const stranger of strangers) expect(await server.pool.available(stranger)).toBe(0);

    // No prototype was polluted and nothing was logged as an error.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(errorLogs).toEqual([]);

    const byKind = tally(outcomes, (o) => o.request.kind);
    const statuses = tally(outcomes, (o) => `${o.request.kind}:${o.status}`);
    console.info(
      `collect: ${REQUESTS} requests (seed ${SEED}, ${CONCURRENCY} concurrent) in ${seconds.toFixed(1)} s: ` +
        `${JSON.stringify(byKind)}; answers ${JSON.stringify(statuses)}; 0 5xx, 0 hangs; ` +
        `hostile kinds ${
          Object.keys(
            tally(
              outcomes.filter((o) => o.request.kind === 'hostile'),
              (o) => o.request.label,
            ),
          ).length
        }; ` +
        `valid items: ${oracle.acceptedItems} accepted, ${oracle.duplicateItems} duplicates, ${oracle.rejectedItems} rejected; ` +
        `pool holds exactly ${held} credits over ${USERS} users, none from a refused request`,
    );
  });
});

function statusOf(answer: Answer | RawAnswer): string {
  if (answer.kind === 'hung') return 'hung';
  if (answer.kind === 'error') return 'error';
  return String(answer.status ?? 'closed');
}

/** What is wrong with the answer to one request (undefined when it is right). */
function judge(
  request: Traffic,
  answer: Answer | RawAnswer,
  oracle: CollectOracle,
): string | undefined {
  if (answer.kind === 'hung') return 'no answer (hang)';
  if (request.kind === 'raw') {
    if (answer.kind !== 'raw') return 'unexpected answer';
    if (request.answer === 'none') return undefined;
    return answer.status !== null && answer.status >= 400 && answer.status < 500
      ? undefined
      : `answered ${answer.status ?? 'nothing (closed)'}`;
  }
  if (answer.kind !== 'answer')
    return `connection failed: ${answer.kind === 'error' ? answer.message : ''}`;
  if (request.kind === 'hostile') {
    if (answer.status !== request.expect)
      return `answered ${answer.status}, expected ${request.expect}: ${answer.body.subarray(0, 200)}`;
    if (request.http.method === 'HEAD') return undefined;
    const body = parseJson(answer.body) as { error?: unknown; message?: unknown } | undefined;
    return typeof body?.error === 'string' && typeof body.message === 'string'
      ? undefined
      : `no JSON error body: ${answer.body.subarray(0, 200)}`;
  }
  // A user uploading more often than the pool's upload limit is told to come back: nothing stored.
  if (answer.status === 429) {
    const body = parseJson(answer.body) as { error?: unknown } | undefined;
    return body?.error === 'rate_limited' ? undefined : `429 without rate_limited: ${answer.body}`;
  }
  if (answer.status !== 200) return `answered ${answer.status}: ${answer.body.subarray(0, 300)}`;
  const problems = oracle.judge(request.user, request.items, parseJson(answer.body));
  return problems.length > 0 ? problems.join('; ') : undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
