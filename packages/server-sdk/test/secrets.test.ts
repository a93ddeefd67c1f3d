import { randomUUID } from 'node:crypto';
import { format, inspect } from 'node:util';
import { WeChatPath } from '@wxtpl/shared-types';
import { clientFor, sendPayload, startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/index.js';
import { redactSecrets, redactValues } from '../src/logger/index.js';
import { tokenKey } from '../src/token/keys.js';
import { captureLogger } from './helpers/logs.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('secrets never leak', () => {
  it.each(['stable', 'classic'] as const)(
    'keeps the appSecret, every access_token and session_key out of logs and errors across a run full of failures (%s tokens)',
    async (tokenEndpoint) => {
      const logger = captureLogger();
      const store = createMemoryStore();
      const client = clientFor(emulator, {
        logger,
        store,
        tokenEndpoint,
        retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
      });
      const secrets = new Set<string>([emulator.appSecret]);
      const errors: unknown[] = [];
      const attempt = async (run: () => Promise<unknown>) => {
        try {
          return await run();
        } catch (error) {
          errors.push(error);
          return undefined;
        }
      };
      const remember = async () => {
        secrets.add(await client.getAccessToken());
        const raw = await store.get(tokenKey(emulator.appId));
        if (raw) secrets.add(JSON.parse(raw).access_token);
      };

      const { template_id } = await client.templates.add('AT0002', [3, 4, 5]);
      await remember();
      const openid = `o-${randomUUID()}`;
      const formIds = await emulator.formIds(openid, 10);
      const send = (i: number, extra: object = {}) =>
        attempt(() =>
          client.messages.send({
            ...sendPayload(template_id, openid, formIds[i] as string),
            ...extra,
          }),
        );

      await emulator.faults([{ path: '*', errcode: -1 }]);
      await send(0);
      await emulator.faults([{ path: WeChatPath.templateSend, errcode: 40001 }]);
      await send(1);
      await remember();
      await emulator.faults([{ path: WeChatPath.templateSend, reset: true }]);
      await send(2);
      await emulator.faults([{ path: WeChatPath.templateSend, delayMs: 1000 }]);
      await attempt(() =>
        client.messages.send(sendPayload(template_id, openid, formIds[3] as string), {
          timeoutMs: 20,
        }),
      );
      await emulator.faults([{ path: WeChatPath.templateList, httpStatus: 500 }]);
      await attempt(() => client.templates.list({ offset: 0, count: 1 }));
      await emulator.faults([]);
      await emulator.invalidateTokens();
      await send(4);
      await remember();
      await emulator.advance(7300);
      await send(5, { template_id: 'bad-template' });
      await remember();
      await send(6, { page: 'pages/nowhere' });
      await send(6);
      await send(6);
      await emulator.faults([
        { path: WeChatPath.stableToken, errcode: -1 },
        { path: WeChatPath.token, errcode: -1 },
      ]);
      await emulator.invalidateTokens();
      await send(7);
      await emulator.faults([]);
      await remember();
      const { code } = await emulator.login();
      const session = await client.code2Session(code);
      secrets.add(session.session_key);
      await attempt(() => client.code2Session(code));
      const wrongSecret = `wrong-${randomUUID()}`;
      secrets.add(wrongSecret);
      const bad = clientFor(emulator, { appSecret: wrongSecret, logger, tokenEndpoint });
      await attempt(() => bad.getAccessToken());
      await attempt(() => bad.code2Session('some-code'));
      await bad.close();
      await client.close();

      expect(errors.length).toBeGreaterThanOrEqual(10);
      expect(logger.lines.length).toBeGreaterThan(5);
      expect(secrets.size).toBeGreaterThanOrEqual(5);
      const haystack = [
        logger.text(),
        inspect(logger.lines, { depth: 10 }),
        ...errors.flatMap((error) => [
          String(error),
          (error as Error).stack ?? '',
          inspect(error, { depth: 10, showHidden: true }),
          JSON.stringify(error),
          // What console.error(error) prints.
          format('%o', error),
        ]),
      ].join('\n');
      for (const secret of secrets) expect(haystack).not.toContain(secret);
      expect(haystack).not.toMatch(/access_token=(?!\[REDACTED\])/);
    },
  );
});

describe('redaction helpers', () => {
  it('redacts secret query parameters in any text', () => {
    expect(
      redactSecrets('GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s3cr3t'),
    ).toBe('GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=[REDACTED]');
    expect(redactSecrets('https://x/y?access_token=ABC.def-1&a=1')).toBe(
      'https://x/y?access_token=[REDACTED]&a=1',
    );
  });

  it('redacts given values wherever they appear', () => {
    expect(redactValues('token abcd1234 used twice: abcd1234', ['abcd1234', undefined])).toBe(
      'token [REDACTED] used twice: [REDACTED]',
    );
  });
});
