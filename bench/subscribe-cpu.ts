// What subscribe messages cost the server's CPU, one core, no network: checking a 5-keyword
// message's data (`validateSubscribeData`, run by every notify before a credit is touched) and
// receiving safe-mode message pushes (signature, AES decryption, parsing, the acceptance stored
// in a memory pool) through `createMessagePushHandler`, one request at a time.
import { CreditPool, createMemoryStore, createMessagePushHandler } from '@wxtpl/server-sdk';
import { defineSubscribeTemplate, validateSubscribeData } from '@wxtpl/shared-types';
import { encryptPush, signPush } from '@wxtpl/testkit';
import type { BenchContext } from './harness/context.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';
import { median } from './harness/stats.js';

const VALIDATE_TARGET_MICROS = 5;
const PUSH_TARGET_PER_SECOND = 5000;

const TEMPLATE = defineSubscribeTemplate({
  id: 'benchTemplate5Keywords',
  title: '预订成功通知',
  keywords: {
    hotel: 'thing1',
    amount: 'amount2',
    checkIn: 'time3',
    orderNo: 'character_string4',
    status: 'phrase5',
  },
});
const DATA = {
  hotel: '粤海喜来登酒店',
  amount: '¥36.00元',
  checkIn: '2015年01月05日 12:30',
  orderNo: '339208499',
  status: '预订成功',
};

export async function subscribeCpu(ctx: BenchContext): Promise<BenchResult[]> {
  return [validateCost(ctx), await pushRate(ctx)];
}

function validateCost(ctx: BenchContext): BenchResult {
  const perRound = ctx.quick ? 20_000 : 100_000;
  const rounds = ctx.quick ? 3 : 11;
  for (let i = 0; i < perRound; i++) validateSubscribeData(TEMPLATE, DATA); // warm-up
  const micros: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) validateSubscribeData(TEMPLATE, DATA);
    micros.push(((performance.now() - started) * 1000) / perRound);
  }
  const figure = median(micros);
  progress(`validateSubscribeData: ${figure.toFixed(2)} µs per 5-keyword message`);
  return {
    id: 'subscribe.validate',
    benchmark: 'validateSubscribeData, 5 keywords (thing, amount, time, character_string, phrase)',
    figure: Math.round(figure * 100) / 100,
    unit: 'µs per message',
    baseline: null,
    ratio: null,
    target: `< ${VALIDATE_TARGET_MICROS} µs`,
    pass: figure < VALIDATE_TARGET_MICROS,
    details: { rounds: micros.map((m) => Math.round(m * 100) / 100), perRound },
  };
}

async function pushRate(ctx: BenchContext): Promise<BenchResult> {
  const appId = 'wxbenchpush00001';
  const token = 'benchPushToken';
  const aesKey = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq';
  const perRound = ctx.quick ? 2000 : 10_000;
  const rounds = ctx.quick ? 3 : 7;
  const rates: number[] = [];
  for (let round = -1; round < rounds; round++) {
    // A fresh pool and handler per round; round -1 warms up.
    const pool = new CreditPool({ store: createMemoryStore(), appId, uploadLimit: false });
    const handler = createMessagePushHandler({ appId, token, encodingAESKey: aesKey, pool });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const pushes = Array.from({ length: perRound }, (_, i) => {
      const nonce = `n${round}x${i}`;
      const encrypted = encryptPush(
        aesKey,
        appId,
        JSON.stringify({
          ToUserName: 'gh_000000000000',
          FromUserName: `oBenchPush${round}x${i}`,
          CreateTime: Number(timestamp),
          MsgType: 'event',
          Event: 'subscribe_msg_popup_event',
          List: [{ TemplateId: TEMPLATE.id, SubscribeStatusString: 'accept', PopupScene: '0' }],
        }),
      );
      const query = new URLSearchParams({
        timestamp,
        nonce,
        encrypt_type: 'aes',
        msg_signature: signPush(token, timestamp, nonce, encrypted),
        signature: signPush(token, timestamp, nonce),
      });
      return {
        url: `https://app.example/wechat/push?${query}`,
        body: JSON.stringify({ ToUserName: 'gh_000000000000', Encrypt: encrypted }),
      };
    });
    const started = performance.now();
    for (const { url, body } of pushes) {
      const answer = await handler(new Request(url, { method: 'POST', body }));
      if (answer.status !== 200) throw new Error(`push answered ${answer.status}`);
      await answer.text();
    }
    const seconds = (performance.now() - started) / 1000;
    if (round >= 0) rates.push(perRound / seconds);
    const held = await pool.available(`oBenchPush${round}x0`, { templateId: TEMPLATE.id });
    if (held !== 1) throw new Error(`a pushed acceptance was not stored (${held})`);
  }
  const figure = median(rates);
  progress(`message push, safe mode: ${Math.round(figure)} events/s`);
  return {
    id: 'push.safe-mode',
    benchmark:
      'createMessagePushHandler, safe mode (AES), popup events, one at a time, memory pool',
    figure: Math.round(figure),
    unit: 'events/s',
    baseline: null,
    ratio: null,
    target: `≥ ${PUSH_TARGET_PER_SECOND.toLocaleString('en')} events/s`,
    pass: figure >= PUSH_TARGET_PER_SECOND,
    details: { rounds: rates.map(Math.round), perRound },
  };
}
