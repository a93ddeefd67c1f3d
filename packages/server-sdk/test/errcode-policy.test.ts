import {
  ERRCODE_RULES,
  type ErrcodeAction,
  type ErrcodeRule,
  WeChatPath,
} from '@wxtpl/shared-types';
import { clientFor } from '@wxtpl/testkit';
import { useTestEmulator } from '@wxtpl/testkit/hooks';
import { describe, expect, it } from 'vitest';
import { WeChatApiError } from '../src/errors.js';
import {
  DailyLimitError,
  InvalidPageError,
  MessageRejectedError,
  Notifier,
  TemplateRejectedError,
} from '../src/notify/index.js';
import { FormIdPool } from '../src/pool/index.js';
import { createMemoryStore } from '../src/store/index.js';

/**
 * Every row of the errcode table, answered by the emulator's send endpoint (a fault rule), against
 * the client and the Notifier: what they do must be what the row's action says.
 */
const SEND = WeChatPath.templateSend;
const RETRIES = 2;
const rows = (Object.entries(ERRCODE_RULES) as [string, ErrcodeRule][]).filter(
  ([, rule]) => rule.action !== 'ok',
);
const data = { place: 'TIT造舰厂', time: '2026年11月30日', item: '咖啡' };

const emu = useTestEmulator({ purchaseTemplate: true });
let seq = 0;

async function setUp(credits: number) {
  const openid = `o-policy-${seq++}`;
  const store = createMemoryStore();
  const client = clientFor(emu, { store });
  const pool = new FormIdPool({ store, appId: emu.appId, now: emu.now });
  const formIds = await emu.control.formIds({ appId: emu.appId, openid, count: credits });
  const now = emu.now();
  await pool.ingest(
    openid,
    formIds.map((formId, i) => ({ formId, createdAt: now - (credits - i) * 1000 })),
  );
  // A token before the fault, so that the fault meets the send only.
  await client.getAccessToken();
  const stats = async () => {
    const s = await emu.control.stats();
    // Token requests, whichever endpoint: stable_token may answer the same token again.
    const tokens = (s.requests[WeChatPath.stableToken] ?? 0) + (s.requests[WeChatPath.token] ?? 0);
    return { sends: s.requests[SEND] ?? 0, tokens };
  };
  return { openid, client, pool, formIds, stats, notifier: new Notifier({ client, pool }) };
}

const fault = (errcode: number, times: number) =>
  emu.control.faults([{ path: SEND, errcode, times }]);

/** The typed error the Notifier must raise for a row whose send is refused for good. */
function expectedNotifyError(action: ErrcodeAction, code: number) {
  if (action === 'quota') return DailyLimitError;
  if (action !== 'refused') return WeChatApiError;
  if (code === 40037) return TemplateRejectedError;
  if (code === 41030) return InvalidPageError;
  return MessageRejectedError;
}

describe.each(rows)('errcode %s', (_name, rule) => {
  it(`client: ${rule.action}`, async () => {
    const fx = await setUp(1);
    const payload = {
      touser: fx.openid,
      template_id: emu.template.id,
      form_id: fx.formIds[0] as string,
      data: { keyword1: { value: 'a' }, keyword2: { value: 'b' }, keyword3: { value: 'c' } },
    };
    const before = await fx.stats();
    // stable_token force-renews a refused token at most once per 30 s.
    if (rule.action === 'renew_token') await emu.advance(31);
    if (rule.action === 'retry' || rule.action === 'renew_token') {
      // Once: the pipeline repeats the call (renewing the token first) and it goes through.
      await fault(rule.code, 1);
      await expect(fx.client.messages.send(payload)).resolves.toMatchObject({ errcode: 0 });
      const after = await fx.stats();
      expect(after.sends - before.sends).toBe(2);
      if (rule.action === 'renew_token') expect(after.tokens).toBeGreaterThan(before.tokens);
      else expect(after.tokens).toBe(before.tokens);
    } else {
      await fault(rule.code, 1);
      const error = await fx.client.messages.send(payload).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WeChatApiError);
      expect(error).toMatchObject({ errcode: rule.code, action: rule.action, en: rule.en });
      // Never repeated: the row says repeating cannot help or would do harm.
      expect((await fx.stats()).sends - before.sends).toBe(1);
    }
    await fx.client.close();
  });

  it(`notifier: ${rule.action}`, async () => {
    const fx = await setUp(2);
    const notify = () => fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    switch (rule.action) {
      case 'retry':
        // Every attempt refused: the credit goes back, the error is the client's.
        await fault(rule.code, RETRIES + 1);
        await expect(notify()).rejects.toMatchObject({ errcode: rule.code });
        expect(await fx.pool.available(fx.openid)).toBe(2);
        break;
      case 'renew_token': {
        await emu.advance(31);
        await fault(rule.code, 1);
        const result = await notify();
        expect(result.formId).toBe(fx.formIds[0]);
        expect(await fx.pool.available(fx.openid)).toBe(1);
        break;
      }
      case 'credit_dead':
      case 'credit_used': {
        // The first credit is dropped for good, the second one delivers.
        await fault(rule.code, 1);
        const result = await notify();
        expect(result).toMatchObject({ formId: fx.formIds[1], attempts: 2 });
        expect(await fx.pool.available(fx.openid)).toBe(0);
        break;
      }
      default: {
        await fault(rule.code, 1);
        const error = await notify().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(expectedNotifyError(rule.action, rule.code));
        if (error instanceof MessageRejectedError) expect(error.errcode).toBe(rule.code);
        // WeChat did not use the credit: it is back.
        expect(await fx.pool.available(fx.openid)).toBe(2);
      }
    }
    await fx.client.close();
  });
});

it('covers every action of the table', () => {
  const actions = new Set(rows.map(([, rule]) => rule.action));
  expect([...actions].sort()).toEqual(
    ['credit_dead', 'credit_used', 'fatal', 'quota', 'refused', 'renew_token', 'retry'].sort(),
  );
});
