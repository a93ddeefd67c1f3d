import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../src/config.js';
import { createServer } from '../src/server.js';
import { campaignRedis, REMINDER, usersWhoAccepted } from './campaign-support.js';
import { PAGES, startExampleEmulator, testConfig } from './helpers.js';
import { deleteKeys } from './support.js';

// `npm start` (src/main.ts) in a child process, stopped with SIGTERM while it is busy: notifies
// waiting on a slow WeChat, an upload half sent, and clients hammering it on fresh connections.
// Every request it had taken is answered, nothing is lost, and it exits 0 on its own.

const ROOT = join(import.meta.dirname, '..');
const SEND_PATH = '/cgi-bin/message/wxopen/template/send';
const APP = EMULATOR_DEFAULTS.appId;
const BOOKING = {
  service: '洗牙',
  time: '2026年12月8日 10:30',
  store: '珠江新城店',
  contact: '李雷',
};

type Emulator = Awaited<ReturnType<typeof startExampleEmulator>>;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Child {
  process: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** `node --import tsx src/main.ts` (the start script) against the emulator, on a free port. */
async function startChild(emulator: Emulator, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      WXTPL_BASE_URL: emulator.url,
      WXTPL_MESSAGES: 'template',
      HOST: '127.0.0.1',
      PORT: '0',
      SESSION_SECRET: 'shutdown-test-session-secret',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /example server listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`exited with ${code} before listening:\n${output}`)),
    );
  });
  return { process: child, url, output: () => output, exited };
}

interface Answer {
  status: number;
  body: string;
}

/**
 * One request on its own connection (no keep-alive). Rejects with the socket error's code, as
 * `broken:CODE` when the answer had begun.
 */
function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${url}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...headers,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (error: NodeJS.ErrnoException) =>
          reject(Object.assign(error, { code: `broken:${error.code}` })),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function login(url: string, emulator: Emulator) {
  const { code, openid } = await emulator.control.login({ appId: APP });
  const answer = await call(url, 'POST', '/login', { code });
  const { token } = JSON.parse(answer.body) as { token: string };
  return { openid, auth: { authorization: `Bearer ${token}` } };
}

/**
 * An upload whose body is sent in two halves, the first once the server has taken the request
 * (its `100 Continue`): `finish()` sends the rest and resolves to the server's answer.
 */
async function halfSentUpload(url: string, auth: Record<string, string>, formId: string) {
  const body = JSON.stringify({ items: [{ formId, createdAt: Date.now() }] });
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    answer += chunk;
  });
  const closed = once(socket, 'close');
  const half = Math.floor(body.length / 2);
  socket.write(
    [
      'POST /formids HTTP/1.1',
      `host: ${hostname}:${port}`,
      `authorization: ${auth.authorization}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'expect: 100-continue',
      'connection: close',
      '',
      '',
    ].join('\r\n'),
  );
  await until(async () => answer.startsWith('HTTP/1.1 100 Continue\r\n\r\n'));
  answer = '';
  socket.write(body.slice(0, half));
  return {
    async finish() {
      socket.end(body.slice(half));
      await closed;
      return answer;
    },
  };
}

/** Waits until `check` holds, polling (no fixed sleeps standing in for an event). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('SIGTERM under load', () => {
  it('finishes in-flight notifies and uploads, refuses what comes after, and exits 0', async () => {
    const emulator = await startExampleEmulator();
    cleanups.push(() => emulator.close());
    const child = await startChild(emulator);

    // Users, each with one collected formId.
    const users = await Promise.all(Array.from({ length: 6 }, () => login(child.url, emulator)));
    for (const user of users) {
      const [formId] = await emulator.control.formIds({ appId: APP, openid: user.openid });
      const collected = await call(
        child.url,
        'POST',
        '/formids',
        { items: [{ formId, createdAt: Date.now() }] },
        user.auth,
      );
      expect(collected.status).toBe(200);
    }
    const uploader = users[0] as (typeof users)[number];
    const [lateFormId] = await emulator.control.formIds({ appId: APP, openid: uploader.openid });

    // Load on fresh connections until the port closes: catalogue reads, and bookings by users
    // holding plenty of formIds (every booking processed is a message in the emulator's inbox).
    const loadUsers = await Promise.all(
      Array.from({ length: 3 }, () => login(child.url, emulator)),
    );
    for (const user of loadUsers) {
      const formIds = await emulator.control.formIds({
        appId: APP,
        openid: user.openid,
        count: 100,
      });
      const items = formIds.map((formId) => ({ formId, createdAt: Date.now() }));
      expect((await call(child.url, 'POST', '/formids', { items }, user.auth)).status).toBe(200);
    }
    const outcomes: string[] = [];
    const booked = new Map<string, number>();
    let loading = true;
    const loop = async (
      send: () => Promise<Answer>,
      onAnswer: (answer: Answer) => void = () => {},
    ) => {
      while (loading) {
        try {
          const answer = await send();
          outcomes.push(String(answer.status));
          onAnswer(answer);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          outcomes.push(code);
          if (code === 'ECONNREFUSED') return;
        }
      }
    };
    const loaders = [
      ...Array.from({ length: 3 }, () => loop(() => call(child.url, 'GET', '/products'))),
      ...loadUsers.map((user) =>
        loop(
          () => call(child.url, 'POST', '/bookings', BOOKING, user.auth),
          (answer) => {
            if (JSON.parse(answer.body).notification?.sent === true) {
              booked.set(user.openid, (booked.get(user.openid) ?? 0) + 1);
            }
          },
        ),
      ),
    ];

    await until(async () => outcomes.length >= 300);

    // WeChat answers sends slowly: the bookings are in flight when the signal comes.
    await emulator.control.faults([{ path: SEND_PATH, delayMs: 1500 }]);
    const bookings = users.map((user) => call(child.url, 'POST', '/bookings', BOOKING, user.auth));
    const upload = await halfSentUpload(child.url, uploader.auth, lateFormId as string);
    await until(async () => ((await emulator.control.stats()).requests[SEND_PATH] ?? 0) >= 6);

    child.process.kill('SIGTERM');
    await until(async () => child.output().includes('SIGTERM: stopping'));

    // After the signal: no new connection is taken.
    await expect(call(child.url, 'GET', '/health')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    // The upload that was half sent is stored and answered.
    const uploaded = await upload.finish();
    expect(uploaded).toMatch(/^HTTP\/1\.1 200 /);
    expect(uploaded).toContain(lateFormId);

    // Every booking in flight is answered, its message delivered.
    const answered = await Promise.all(bookings);
    for (const answer of answered) {
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body).notification).toMatchObject({ sent: true, source: 'form' });
    }
    for (const user of users) {
      const inbox = await emulator.control.inbox({ appId: APP, openid: user.openid });
      expect(inbox.map((message) => message.title)).toEqual(['预约成功通知']);
    }

    expect(await child.exited).toBe(0);
    expect(child.output()).toContain('stopped');
    loading = false;
    await Promise.all(loaders);
    // The load got whole answers until the port closed. A connection the server had accepted but
    // not read a request from yet may be reset as it closes (ECONNRESET, nothing processed: the
    // client retries); an answer is never cut off, and no booking is processed unanswered.
    expect(outcomes.filter((outcome) => ['200', '201'].includes(outcome)).length).toBeGreaterThan(
      0,
    );
    expect(
      outcomes.filter(
        (outcome) => !['200', '201', '503', 'ECONNREFUSED', 'ECONNRESET'].includes(outcome),
      ),
    ).toEqual([]);
    for (const user of loadUsers) {
      const inbox = await emulator.control.inbox({ appId: APP, openid: user.openid });
      expect(inbox.length).toBe(booked.get(user.openid) ?? 0);
    }
  });

  it('exits 1 once SHUTDOWN_TIMEOUT_MS has passed with a request still unfinished', async () => {
    const emulator = await startExampleEmulator();
    cleanups.push(() => emulator.close());
    const child = await startChild(emulator, {
      SHUTDOWN_TIMEOUT_MS: '300',
      REQUEST_TIMEOUT_MS: '600000',
    });
    const user = await login(child.url, emulator);
    const [formId] = await emulator.control.formIds({ appId: APP, openid: user.openid });
    // Half an upload, never finished.
    await halfSentUpload(child.url, user.auth, formId as string);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('still busy after 300 ms');
  });

  it('with Redis: closes its campaign worker; another process finishes the campaign, once each', async () => {
    const emulator = await startExampleEmulator();
    cleanups.push(() => emulator.close());
    const redis = campaignRedis();
    cleanups.push(() => deleteKeys(redis.url, redis.prefix));
    const adminToken = 'shutdown-test-admin-token';
    const child = await startChild(emulator, {
      WXTPL_MESSAGES: 'subscribe',
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      ADMIN_TOKEN: adminToken,
    });
    await emulator.control.registerApp({
      appId: APP,
      appSecret: EMULATOR_DEFAULTS.appSecret,
      pages: PAGES,
      push: { url: `${child.url}/wechat/push`, token: EMULATOR_DEFAULTS.pushToken },
    });
    const { code } = await emulator.control.login({ appId: APP });
    const signedIn = JSON.parse((await call(child.url, 'POST', '/login', { code })).body);
    const reminder = signedIn.subscribeTemplates.bookingReminder as string;
    const users = await usersWhoAccepted({ emulator, config: { appId: APP } }, reminder, 12);
    const told = async () =>
      (
        await Promise.all(
          users.map((openid) => emulator.control.inbox({ appId: APP, openid, kind: 'subscribe' })),
        )
      ).map((messages) => messages.length);
    const started = await call(
      child.url,
      'POST',
      '/admin/campaigns',
      { template: 'bookingReminder', data: REMINDER, ratePerSecond: 4 },
      { 'x-admin-token': adminToken },
    );
    expect(started.status).toBe(201);
    const { id } = JSON.parse(started.body) as { id: string };

    // SIGTERM once a few are out, at 4 a second: most of the audience is still to send.
    for (let i = 0; i < 200 && (await told()).filter((n) => n > 0).length < 3; i++) {
      await sleep(25);
    }
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain('stopped');
    const whenStopped = await told();
    expect(whenStopped.filter((n) => n > 0).length).toBeLessThan(users.length);

    // A new process (the deploy's next version) on the same Redis finishes it.
    const next = await createServer(
      testConfig(emulator.url, {
        messages: 'subscribe',
        redisUrl: redis.url,
        redisPrefix: redis.prefix,
        adminToken,
      }),
    );
    cleanups.push(() => next.close());
    const url = await next.listen(0, '127.0.0.1');
    let status: Record<string, unknown> = {};
    for (let i = 0; i < 450 && status.state !== 'done'; i++) {
      await sleep(100);
      const answer = await call(url, 'GET', `/admin/campaigns/${id}`, undefined, {
        'x-admin-token': adminToken,
      });
      status = JSON.parse(answer.body);
    }
    expect(status).toMatchObject({ state: 'done', total: 12, delivered: 12, failed: 0 });
    // Everyone told exactly once: nothing repeated across the two processes, nobody forgotten.
    expect(await told()).toEqual(users.map(() => 1));
  });
});
