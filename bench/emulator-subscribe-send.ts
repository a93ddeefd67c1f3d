// The emulator's send throughput for subscribe messages next to template messages: the same
// emulator process, the same app, the same connection pool and concurrency, four keywords each,
// every request paid by a fresh credit (a formId, a one-time acceptance) and answered errcode 0.
// The two run interleaved in rounds, in alternating order; the row reports the median of the
// per-round ratios (target: subscribe sends within 10 % of template sends).
// Self-contained on purpose: it needs only the runner's context and result types.
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import type { BenchContext } from './harness/context.js';
import type { BenchResult } from './harness/results.js';

const TEMPLATE_SEND = '/cgi-bin/message/wxopen/template/send';
const SUBSCRIBE_SEND = '/cgi-bin/message/subscribe/send';
const CONCURRENCY = 16;
const USERS = 16;
const TARGET = 0.9;

const TEMPLATE_DATA = {
  keyword1: { value: '339208499' },
  keyword2: { value: '2015年01月05日 12:30' },
  keyword3: { value: '粤海喜来登酒店' },
  keyword4: { value: '广州市天河区天河路208号' },
};
/** Title 99 of the emulator's library, kids 1..4: thing1, amount2, time3, character_string4. */
const SUBSCRIBE_DATA = {
  thing1: { value: '粤海喜来登酒店' },
  amount2: { value: '¥36.00元' },
  time3: { value: '2015年01月05日 12:30' },
  character_string4: { value: '339208499' },
};

type Kind = 'template' | 'subscribe';

export async function emulatorSubscribeSend(ctx: BenchContext): Promise<BenchResult[]> {
  const { url, control } = ctx.emulator;
  const rounds = ctx.quick ? 3 : 7;
  const perTrial = ctx.quick ? 1000 : 4000;
  const appId = `wxbenchsub${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const appSecret = `bench-secret-${randomUUID()}`;
  await control.registerApp({ appId, appSecret });
  await control.setDailyLimit({ appId, dailySendLimit: 1_000_000_000 });
  const templateId = await control.addTemplate({ appId, id: 'AT0014', keywordIds: [1, 2, 3, 4] });
  const priTmplId = await control.addSubscribeTemplate({ appId, tid: 99, kidList: [1, 2, 3, 4] });
  const users = Array.from(
    { length: USERS },
    (_, i) => `oBenchSubscriber${String(i).padStart(12, '0')}`,
  );
  for (const openid of users) await control.login({ appId, openid });
  const tokenAnswer = await fetch(
    `${url}/cgi-bin/token?grant_type=client_credential&appid=${appId}&secret=${appSecret}`,
  );
  const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });

  /** Mints the credits of one trial (untimed); resolves to the request bodies. */
  const prepare = async (kind: Kind, n: number): Promise<string[]> => {
    const perUser = Math.ceil(n / USERS);
    const bodies: string[][] = [];
    for (const openid of users) {
      if (kind === 'subscribe') {
        await control.grantSubscription({ appId, openid, templateId: priTmplId, count: perUser });
        const body = JSON.stringify({
          touser: openid,
          template_id: priTmplId,
          data: SUBSCRIBE_DATA,
        });
        bodies.push(Array(perUser).fill(body));
      } else {
        const formIds: string[] = [];
        while (formIds.length < perUser) {
          formIds.push(
            ...(await control.formIds({
              appId,
              openid,
              count: Math.min(1000, perUser - formIds.length),
            })),
          );
        }
        bodies.push(
          formIds.map((formId) =>
            JSON.stringify({
              touser: openid,
              template_id: templateId,
              form_id: formId,
              data: TEMPLATE_DATA,
            }),
          ),
        );
      }
    }
    // Round-robin over users, so that concurrent requests go to different users.
    return Array.from(
      { length: n },
      (_, i) => bodies[i % USERS]?.[Math.floor(i / USERS)] as string,
    );
  };

  const trial = async (kind: Kind, n: number): Promise<number> => {
    const bodies = await prepare(kind, n);
    const path = `${kind === 'template' ? TEMPLATE_SEND : SUBSCRIBE_SEND}?access_token=${token}`;
    let next = 0;
    let failures = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < n; i = next++) {
          const answer = await pool.request({
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json' },
            body: bodies[i] as string,
          });
          const { errcode } = (await answer.body.json()) as { errcode: number };
          if (errcode !== 0) failures++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (failures > 0) throw new Error(`${failures} of ${n} ${kind} sends were refused`);
    return n / seconds;
  };

  const ratios: number[] = [];
  const samples: { round: number; template: number; subscribe: number; ratio: number }[] = [];
  try {
    process.stderr.write('emulator subscribe sends: warm-up\n');
    await trial('template', 1000);
    await trial('subscribe', 1000);
    for (let round = 0; round < rounds; round++) {
      const order: Kind[] = round % 2 === 0 ? ['template', 'subscribe'] : ['subscribe', 'template'];
      const rate: Record<Kind, number> = { template: 0, subscribe: 0 };
      for (const kind of order) rate[kind] = await trial(kind, perTrial);
      const ratio = rate.subscribe / rate.template;
      ratios.push(ratio);
      samples.push({ round: round + 1, ...rate, ratio });
      process.stderr.write(
        `emulator subscribe sends, round ${round + 1}/${rounds} (n=${perTrial}, c=${CONCURRENCY}): template ${Math.round(rate.template)}/s, subscribe ${Math.round(rate.subscribe)}/s\n`,
      );
    }
  } finally {
    await pool.close();
  }
  const sorted = [...samples].sort((a, b) => a.ratio - b.ratio);
  const middle = sorted[sorted.length >> 1] as (typeof samples)[number];
  return [
    {
      id: `emulator.subscribe-send.c${CONCURRENCY}`,
      benchmark: `emulator: subscribe sends vs template sends (c=${CONCURRENCY})`,
      figure: Math.round(middle.subscribe),
      unit: 'req/s',
      baseline: { label: 'template sends', value: Math.round(middle.template), unit: 'req/s' },
      ratio: middle.ratio,
      target: `ratio ≥ ${TARGET.toFixed(2)}`,
      pass: middle.ratio >= TARGET,
      ...(ctx.quick ? { indicative: true } : {}),
      details: { rounds: samples, requestsPerTrial: perTrial, users: USERS },
    },
  ];
}
