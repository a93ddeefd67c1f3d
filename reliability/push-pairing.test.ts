// Subscribe acceptances reported twice — by the page (through the collect endpoint) and by
// WeChat's message push — while pushes are delayed, dropped, refused and retried (a retry landing
// on the other server instance), and page reports are lost, repeated and reordered: every popup
// that reached at least one report pays for exactly one message, and nothing else does.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreditPool,
  createCollectHandler,
  createMessagePushHandler,
  createRedisStore,
  defineSubscribeTemplate,
  NoCreditError,
  Notifier,
  type RedisStore,
  toExpress,
  WeChatClient,
} from '@wxtpl/server-sdk';
import {
  deleteKeys,
  type EmulatorProcess,
  startEmulatorProcess,
  testRedis,
  testRedisUrl,
  uniquePrefix,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from './helpers/seeded-random.ts';
import { waitFor } from './helpers/settle.ts';

const USERS = 120;
const ROUNDS = 3;
const PUSH_TOKEN = 'reliabilityPush';
const AES_KEY = 'ReliabilityPushKey0123456789abcdefghijklmno';
/** WeChat's wait for an answer, shortened: a slow answer makes the emulator push again. */
const PUSH_TIMEOUT_MS = 300;
/** Between rounds the clocks move this far: popups of two rounds never pair. */
const ROUND_GAP_SECONDS = 600;
const SEED = 20261130;

/** One server instance: its own Redis connection, pool and handlers, on a port of its own. */
interface Instance {
  store: RedisStore;
  pool: CreditPool;
  server: Server;
  url: string;
}

/** What the push handlers of all instances told `onEvent`: each event once, by design. */
interface Told {
  /** `openid|createTime` of the popups recorded. */
  popups: Set<string>;
  /** msgIds of the delivery receipts, with how often each was told. */
  receipts: Map<string, number>;
}

describe('one acceptance, two reports, hostile delivery: exactly one credit', () => {
  let emulator: EmulatorProcess;
  const prefix = uniquePrefix('push-pairing');
  const instances: Instance[] = [];
  let proxy: Server;
  const random = seededRandom(SEED);
  const proxyFates = { failed: 0, slow: 0, forwarded: 0 };
  const told: Told = { popups: new Set(), receipts: new Map() };
  /** How long the proxy holds a slow answer: past WeChat's wait. */
  const slow = { ms: PUSH_TIMEOUT_MS + 200 };

  beforeAll(async () => {
    emulator = await startEmulatorProcess();
    for (let i = 0; i < 2; i++) instances.push(await startInstance(emulator, prefix, told));
    proxy = await startProxy(instances, random, proxyFates, slow);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
    for (const instance of instances) {
      await new Promise<void>((resolve) => instance.server.close(() => resolve()));
      await instance.store.close();
    }
    const redis = testRedis();
    await deleteKeys(redis, prefix);
    await redis.quit();
    await emulator?.close();
  });

  it('pays for every popup that reached a report once, under loss, repeats, reordering and retries', async () => {
    const { control, appId } = emulator;
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/wechat/push`;
    /** Message push to the proxy, safe mode; WeChat waits `timeoutMs` for each answer. */
    const configurePush = (timeoutMs: number) =>
      control.registerApp({
        appId,
        appSecret: emulator.appSecret,
        push: {
          url: proxyUrl,
          token: PUSH_TOKEN,
          encodingAESKey: AES_KEY,
          mode: 'safe',
          timeoutMs,
          retries: 3,
        },
      });
    await configurePush(PUSH_TIMEOUT_MS);
    const templates = [
      defineSubscribeTemplate({
        id: await control.addSubscribeTemplate({ appId, tid: 99, kidList: [1, 2] }),
        title: '订单支付成功通知',
        keywords: { item: 'thing1', amount: 'amount2' },
      }),
      defineSubscribeTemplate({
        id: await control.addSubscribeTemplate({ appId, tid: 1003, kidList: [1, 2] }),
        title: '退款成功通知',
        keywords: { amount: 'amount1', reason: 'thing2' },
      }),
    ];
    const ids = templates.map((t) => t.id);
    const openids = Array.from(
      { length: USERS },
      (_, i) => `oPairing${String(i).padStart(6, '0')}`,
    );

    /** Popups whose page report reached the server at least once, by user and round. */
    const pageReached = new Map<string, string[]>();
    const popups: { openid: string; round: number; templateIds: string[]; createTime: number }[] =
      [];
    const fates = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      // Pushes wait a random while (up to 250 ms), or are lost on WeChat's side.
      await control.faults([
        { path: 'push', drop: true, rate: 0.1 },
        { path: 'push', delayMs: 250, rate: 0.35 },
      ]);
      const reports: { openid: string; body: string }[] = [];
      for (const openid of openids) {
        if (!random.chance(0.8)) continue;
        const chosen = ids.filter(() => random.chance(0.6));
        const templateIds = chosen.length > 0 ? chosen : [random.pick(ids)];
        await control.subscribe({ appId, openid, templateIds });
        const at = emulator.now();
        popups.push({ openid, round, templateIds, createTime: Math.floor(at / 1000) });
        const fate = random.weighted({ once: 60, twice: 15, lost: 25 });
        fates.set(`${openid}|${round}`, `${fate}@${at}`);
        if (fate === 'lost') continue;
        pageReached.set(`${openid}|${round}`, templateIds);
        const body = JSON.stringify({
          items: [],
          subscriptions: [{ id: `page-${openid}-${round}`, templateIds, acceptedAt: at }],
        });
        reports.push({ openid, body });
        if (fate === 'twice') reports.push({ openid, body });
      }
      // The page reports, in a random order, to either instance, while the pushes arrive.
      shuffle(reports, random);
      await Promise.all(
        reports.map(async ({ openid, body }, i) => {
          await sleep(random.int(0, 250));
          const instance = instances[i % instances.length] as Instance;
          const answer = await fetch(`${instance.url}/wxtpl/collect`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-openid': openid },
            body,
          });
          expect(answer.status).toBe(200);
        }),
      );
      await waitFor(
        async () => (await control.pushes({ appId })).every((p) => p.state !== 'pending'),
        60_000,
        'every push delivered, failed or dropped',
      );
      await control.faults([]);
      await emulator.advance(ROUND_GAP_SECONDS);
    }

    // What each (user, template) should hold: the popups that reached at least one report (a
    // page report, or a push the handlers recorded, whatever WeChat made of the answer).
    const expected = new Map<string, number>();
    let lostBoth = 0;
    for (const popup of popups) {
      const reached =
        pageReached.has(`${popup.openid}|${popup.round}`) ||
        toldAround(told, popup.openid, popup.createTime);
      if (!reached) lostBoth += popup.templateIds.length;
      for (const id of popup.templateIds) {
        const key = `${popup.openid}|${id}`;
        expected.set(key, (expected.get(key) ?? 0) + (reached ? 1 : 0));
      }
    }

    // Spend everything, through both instances' pools. WeChat now waits 2 s for answers, and the
    // slow ones take 2.2 s: each delivery receipt is pushed, sometimes again, and told once.
    await configurePush(2000);
    slow.ms = 2200;
    const clients = instances.map(
      (instance) =>
        new WeChatClient({
          appId,
          appSecret: emulator.appSecret,
          baseUrl: emulator.url,
          store: instance.store,
        }),
    );
    const delivered = new Map<string, number>();
    try {
      await Promise.all(
        openids.flatMap((openid, u) =>
          templates.map(async (template, t) => {
            const side = (u + t) % instances.length;
            const notifier = new Notifier({
              client: clients[side] as WeChatClient,
              pool: (instances[side] as Instance).pool,
            });
            for (;;) {
              try {
                await notifier.notify({
                  openid,
                  template,
                  data:
                    t === 0
                      ? { item: '拿铁咖啡', amount: '¥36.00元' }
                      : { amount: '¥36.00', reason: '商品缺货' },
                } as never);
              } catch (error) {
                if (error instanceof NoCreditError) return;
                throw error;
              }
              const key = `${openid}|${template.id}`;
              delivered.set(key, (delivered.get(key) ?? 0) + 1);
            }
          }),
        ),
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }

    const mismatches = [...new Set([...expected.keys(), ...delivered.keys()])].filter(
      (key) => (expected.get(key) ?? 0) !== (delivered.get(key) ?? 0),
    );
    const stats = await control.stats();
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    const deliveries = await control.pushes({ appId });
    console.info(
      `push pairing: ${popups.length} popups, ${total} acceptances reached a report, ${lostBoth} lost both; ` +
        `pushes ${deliveries.filter((p) => p.state === 'delivered').length} delivered (${deliveries.reduce((n, p) => n + p.attempts.length, 0)} attempts), ` +
        `${deliveries.filter((p) => p.state === 'dropped').length} dropped, ${deliveries.filter((p) => p.state === 'failed').length} failed; ` +
        `proxy ${JSON.stringify(proxyFates)}; sends ok ${stats.subscribeSends.ok}, refused ${JSON.stringify(stats.subscribeSends.failed)}`,
    );
    for (const key of mismatches) {
      const openid = key.split('|')[0] as string;
      console.info(
        key,
        JSON.stringify(
          popups
            .filter((p) => p.openid === openid)
            .map((p) => ({
              ...p,
              page: fates.get(`${openid}|${p.round}`),
              told: toldAround(told, openid, p.createTime),
            })),
        ),
        JSON.stringify((await control.pushes({ appId })).filter((p) => p.openid === openid)),
      );
    }
    expect(mismatches).toEqual([]);
    expect(stats.subscribeSends.ok).toBe(total);
    expect(stats.subscribeSends.failed['43101'] ?? 0).toBe(0);
    expect(stats.subscribeSends.failed['47003'] ?? 0).toBe(0);
    // The faults did happen: retried pushes, slow answers repeated, lost reports of both kinds.
    expect(proxyFates.failed).toBeGreaterThan(0);
    expect(proxyFates.slow).toBeGreaterThan(0);
    expect(lostBoth).toBeGreaterThan(0);
    expect(deliveries.some((p) => p.attempts.length > 1 && p.state === 'delivered')).toBe(true);

    // Every message's receipt, pushed and perhaps repeated, reached onEvent exactly once.
    await waitFor(
      async () => (await control.pushes({ appId })).every((p) => p.state !== 'pending'),
      120_000,
      'every receipt pushed',
    );
    const receipts = (await control.pushes({ appId })).filter(
      (p) => p.event === 'subscribe_msg_sent_event',
    );
    const inbox = await control.inbox({ appId, kind: 'subscribe' });
    console.info(
      `receipts: ${receipts.length} pushed (${receipts.filter((p) => p.attempts.length > 1).length} more than once, ${receipts.filter((p) => p.state === 'failed').length} failed), ${told.receipts.size} told; ${inbox.length} messages`,
    );
    expect([...told.receipts.values()].filter((n) => n !== 1)).toEqual([]);
    const sent = new Set(inbox.map((message) => String(message.msgid)));
    expect([...told.receipts.keys()].filter((msgId) => !sent.has(msgId))).toEqual([]);
    // A receipt WeChat saw answered was told; one it gave up on (4 refusals) may have been too.
    const answered = receipts.filter((p) => p.state === 'delivered').length;
    expect(told.receipts.size).toBeGreaterThanOrEqual(answered);
    expect(answered).toBeGreaterThan(total * 0.9);
  });
});

async function startInstance(
  emulator: EmulatorProcess,
  prefix: string,
  told: Told,
): Promise<Instance> {
  const store = createRedisStore(testRedisUrl(), { prefix });
  const pool = new CreditPool({ store, appId: emulator.appId, now: emulator.now });
  const collect = toExpress(
    createCollectHandler({
      pool,
      resolveOpenid: (request) => request.headers.get('x-openid'),
    }),
  );
  const push = toExpress(
    createMessagePushHandler({
      appId: emulator.appId,
      token: PUSH_TOKEN,
      encodingAESKey: AES_KEY,
      pool,
      now: emulator.now,
      onEvent: (event) => {
        if (event.kind === 'popup') told.popups.add(`${event.openid}|${event.createTime}`);
        if (event.kind === 'sent') {
          for (const { msgId } of event.receipts) {
            told.receipts.set(msgId, (told.receipts.get(msgId) ?? 0) + 1);
          }
        }
      },
    }),
  );
  const server = createServer((req, res) => {
    const route = req.url?.startsWith('/wxtpl/collect') ? collect : push;
    route(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { store, pool, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * WeChat's pushes reach the instances through this: alternately one and the other, 15% refused
 * before reaching either (WeChat retries), 10% handled but answered after WeChat stopped waiting
 * (WeChat retries a push that was recorded).
 */
async function startProxy(
  instances: Instance[],
  random: ReturnType<typeof seededRandom>,
  fates: { failed: number; slow: number; forwarded: number },
  slow: { ms: number },
): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const fate = random.weighted({ failed: 15, slow: 10, forwarded: 75 });
    fates[fate] += 1;
    if (fate === 'failed') {
      req.resume();
      res.statusCode = 503;
      res.end('busy');
      return;
    }
    const target = new URL(req.url ?? '/', (instances[next++ % instances.length] as Instance).url);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? '' } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', async () => {
          if (fate === 'slow') await sleep(slow.ms);
          if (res.destroyed) return;
          res.statusCode = answer.statusCode ?? 502;
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstream.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * Whether a popup of `openid` at about `createTime` was recorded from a push: the test reads the
 * emulator's clock a moment apart from the emulator, and rounds are minutes apart.
 */
function toldAround(told: Told, openid: string, createTime: number): boolean {
  for (let t = createTime - 5; t <= createTime + 5; t++) {
    if (told.popups.has(`${openid}|${t}`)) return true;
  }
  return false;
}

function shuffle<T>(items: T[], random: ReturnType<typeof seededRandom>): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
