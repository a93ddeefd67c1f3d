import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { WeChatPath } from '@wxtpl/shared-types';
import { clientFor, sendPayload, startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  WeChatApiError,
  type WeChatClient,
  WeChatTransportError,
} from '../src/index.js';
import { captureLogger } from './helpers/logs.js';

const SEND = WeChatPath.templateSend;
const LIST = WeChatPath.templateList;

let emulator: TestEmulator;
let client: WeChatClient;
let templateId: string;
const clients: WeChatClient[] = [];

function track(c: WeChatClient): WeChatClient {
  clients.push(c);
  return c;
}

async function requests(path: string): Promise<number> {
  return (await emulator.stats()).requests[path] ?? 0;
}

async function freshSend() {
  const openid = `o-${randomUUID()}`;
  const [formId] = await emulator.formIds(openid, 1);
  return { openid, payload: sendPayload(templateId, openid, formId as string) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = track(clientFor(emulator));
  templateId = (await client.templates.add('AT0002', [3, 4, 5])).template_id;
});

afterEach(async () => {
  await emulator.clearFaults();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emulator.close();
});

describe('WeChatClient options', () => {
  it('refuses missing or malformed options with a typed error', () => {
    expect(() => clientFor(emulator, { appId: '' })).toThrow(InvalidArgumentError);
    expect(() => clientFor(emulator, { appSecret: undefined })).toThrow(/appSecret/);
    expect(() => clientFor(emulator, { timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => clientFor(emulator, { baseUrl: 'not a url' })).toThrow(/baseUrl/);
    expect(() => clientFor(emulator, { retry: { retries: -1 } })).toThrow(/retries/);
    expect(() => clientFor(emulator, { refreshMarginSeconds: -5 })).toThrow(/refreshMargin/);
  });

  it('never shows the appSecret when inspected or serialised', async () => {
    const { inspect } = await import('node:util');
    const c = track(clientFor(emulator));
    expect(inspect(c, { depth: 5 })).not.toContain(emulator.appSecret);
    expect(JSON.stringify(Object.keys(c))).not.toContain(emulator.appSecret);
  });
});

describe('messages.send', () => {
  it('delivers a template message to the user inbox', async () => {
    const { openid, payload } = await freshSend();
    const answer = await client.messages.send(payload);
    expect(answer.errcode).toBe(0);
    const messages = await emulator.inbox(openid);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      touser: openid,
      template_id: templateId,
      form_id: payload.form_id,
    });
  });

  it.each([
    [
      '40037 bad template_id',
      (p: ReturnType<typeof sendPayload>) => ({ ...p, template_id: 'nope' }),
      40037,
    ],
    [
      '41028 unknown form_id',
      (p: ReturnType<typeof sendPayload>) => ({ ...p, form_id: 'forged-form-id' }),
      41028,
    ],
    [
      '41030 bad page',
      (p: ReturnType<typeof sendPayload>) => ({ ...p, page: 'pages/missing/page' }),
      41030,
    ],
  ])('throws WeChatApiError %s without retrying', async (_name, mutate, errcode) => {
    const { payload } = await freshSend();
    const before = await requests(SEND);
    const error = await rejection(client.messages.send(mutate(payload)));
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode, path: SEND });
    expect((error as WeChatApiError).zh.length).toBeGreaterThan(0);
    expect((error as WeChatApiError).message).toContain(String(errcode));
    expect(await requests(SEND)).toBe(before + 1);
  });

  it('throws 40003 for a user the app never met and 47001 for malformed data', async () => {
    const { payload } = await freshSend();
    await expect(client.messages.send({ ...payload, touser: 'o-stranger' })).rejects.toMatchObject({
      errcode: 40003,
    });
    await expect(
      client.messages.send({ ...payload, data: { keyword1: 'not wrapped' } } as never),
    ).rejects.toMatchObject({ errcode: 47001 });
  });

  it('throws 45009 once the daily send limit is reached', async () => {
    const { payload } = await freshSend();
    await emulator.setDailyLimit(0);
    try {
      await expect(client.messages.send(payload)).rejects.toMatchObject({ errcode: 45009 });
    } finally {
      await emulator.setDailyLimit(1_000_000);
    }
  });

  it('throws 41029 when a formId is spent twice', async () => {
    const { payload } = await freshSend();
    await client.messages.send(payload);
    await expect(client.messages.send(payload)).rejects.toMatchObject({ errcode: 41029 });
  });

  it('throws 45009 and other fault errcodes as WeChatApiError with their meaning', async () => {
    await emulator.faults([{ path: SEND, errcode: 45009 }]);
    const { payload } = await freshSend();
    const error = (await rejection(client.messages.send(payload))) as WeChatApiError;
    expect(error.errcode).toBe(45009);
    expect(error.en).toMatch(/limit/i);
    expect(error.action).toBe('quota');
  });

  it('checks the payload before any request', async () => {
    const before = await requests(SEND);
    await expect(client.messages.send({} as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.messages.send(null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    const { payload } = await freshSend();
    await expect(client.messages.send({ ...payload, data: null } as never)).rejects.toThrow(/data/);
    expect(await requests(SEND)).toBe(before);
  });
});

describe('retries and faults', () => {
  it('retries errcode -1 (system busy) with backoff and then succeeds', async () => {
    const logger = captureLogger();
    const c = track(clientFor(emulator, { logger }));
    await emulator.faults([{ path: SEND, errcode: -1, times: 2 }]);
    const { openid, payload } = await freshSend();
    const before = await requests(SEND);
    await expect(c.messages.send(payload)).resolves.toMatchObject({ errcode: 0 });
    expect(await requests(SEND)).toBe(before + 3);
    expect(await emulator.inbox(openid)).toHaveLength(1);
    const retries = logger.lines.filter((l) => l.level === 'warn' && l.obj.path === SEND);
    expect(retries.map((l) => l.obj.attempt)).toEqual([1, 2]);
  });

  it('gives up on -1 after the configured retries', async () => {
    const c = track(clientFor(emulator, { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }));
    await emulator.faults([{ path: SEND, errcode: -1 }]);
    const { payload } = await freshSend();
    const before = await requests(SEND);
    await expect(c.messages.send(payload)).rejects.toMatchObject({ errcode: -1 });
    expect(await requests(SEND)).toBe(before + 2);
  });

  it('does not retry at all with retries: 0', async () => {
    const c = track(clientFor(emulator, { retry: { retries: 0 } }));
    await emulator.faults([{ path: LIST, errcode: -1 }]);
    const before = await requests(LIST);
    await expect(c.templates.list({ offset: 0, count: 1 })).rejects.toMatchObject({ errcode: -1 });
    expect(await requests(LIST)).toBe(before + 1);
  });

  it('times out a slow send, reports it may have been sent, and does not resend it', async () => {
    await emulator.faults([{ path: SEND, delayMs: 2000 }]);
    const { payload } = await freshSend();
    const before = await requests(SEND);
    const error = await rejection(client.messages.send(payload, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(WeChatTransportError);
    expect(error).toMatchObject({ failure: 'timeout', requestSent: true, path: SEND });
    expect(await requests(SEND)).toBe(before + 1);
  });

  it('retries a timed-out read, which has no effect to duplicate', async () => {
    await emulator.faults([{ path: LIST, delayMs: 2000, times: 1 }]);
    const before = await requests(LIST);
    const page = await client.templates.list({ offset: 0, count: 20 }, { timeoutMs: 100 });
    expect(page.list.some((t) => t.template_id === templateId)).toBe(true);
    expect(await requests(LIST)).toBe(before + 2);
  });

  it('reports a reset connection on send as possibly sent, without resending', async () => {
    await emulator.faults([{ path: SEND, reset: true }]);
    const { payload } = await freshSend();
    const before = await requests(SEND);
    const error = await rejection(client.messages.send(payload));
    expect(error).toMatchObject({
      name: 'WeChatTransportError',
      failure: 'connection',
      requestSent: true,
    });
    expect(await requests(SEND)).toBe(before + 1);
  });

  it('reports a reset after WeChat processed the send: the message was delivered', async () => {
    await emulator.faults([{ path: SEND, reset: true, afterProcessing: true }]);
    const { openid, payload } = await freshSend();
    const error = await rejection(client.messages.send(payload));
    expect(error).toMatchObject({ failure: 'connection', requestSent: true });
    expect(await emulator.inbox(openid)).toHaveLength(1);
  });

  it('retries a reset read and succeeds', async () => {
    await emulator.faults([{ path: LIST, reset: true, times: 1 }]);
    await expect(client.templates.list({ offset: 0, count: 5 })).resolves.toMatchObject({
      errcode: 0,
    });
  });

  it('treats an HTTP 5xx as a transport failure: reads retried, sends not', async () => {
    await emulator.faults([{ path: LIST, httpStatus: 502, times: 1 }]);
    await expect(client.templates.list({ offset: 0, count: 5 })).resolves.toMatchObject({
      errcode: 0,
    });
    await emulator.faults([{ path: SEND, httpStatus: 503 }]);
    const { payload } = await freshSend();
    const before = await requests(SEND);
    const error = await rejection(client.messages.send(payload));
    expect(error).toMatchObject({ failure: 'http_status', status: 503, requestSent: true });
    expect(await requests(SEND)).toBe(before + 1);
  });

  it('retries connection failures that happened before sending, then reports requestSent false', async () => {
    const port = await closedPort();
    const logger = captureLogger();
    const c = track(
      clientFor(emulator, {
        baseUrl: `http://127.0.0.1:${port}`,
        logger,
        tokenProvider: async () => 'tok',
      }),
    );
    const error = await rejection(c.messages.send(sendPayload('t', 'o', 'f')));
    expect(error).toMatchObject({
      name: 'WeChatTransportError',
      failure: 'connection',
      requestSent: false,
    });
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('aborts with an AbortSignal, before or during the call', async () => {
    const { payload } = await freshSend();
    const aborted = AbortSignal.abort();
    await expect(client.messages.send(payload, { signal: aborted })).rejects.toMatchObject({
      failure: 'aborted',
      requestSent: false,
    });
    await emulator.faults([{ path: SEND, delayMs: 2000 }]);
    const controller = new AbortController();
    const pending = client.messages.send(payload, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ failure: 'aborted', requestSent: true });
  });

  it('stops waiting between retries when the signal aborts', async () => {
    const c = track(
      clientFor(emulator, { retry: { retries: 5, minDelayMs: 5000, maxDelayMs: 5000 } }),
    );
    await emulator.faults([{ path: LIST, errcode: -1 }]);
    const controller = new AbortController();
    const pending = c.templates.list({ offset: 0, count: 1 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({
      name: 'WeChatTransportError',
      failure: 'aborted',
    });
  });
});

describe('answers that are not WeChat answers', () => {
  it('reports a non-JSON or oversized 200 answer as bad_response, possibly sent', async () => {
    const server = createHttpServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      if (request.url?.startsWith('/cgi-bin/wxopen/template/del')) {
        response.end('x'.repeat(5 * 1024 * 1024));
      } else {
        response.end('<html>gateway</html>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const c = track(
      clientFor(emulator, {
        baseUrl: `http://127.0.0.1:${port}`,
        tokenProvider: async () => 'tok',
      }),
    );
    await expect(c.messages.send(sendPayload('t', 'o', 'f'))).rejects.toMatchObject({
      failure: 'bad_response',
      requestSent: true,
    });
    await expect(c.templates.delete('tpl')).rejects.toThrow(/exceeds/);
    await c.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('code2Session', () => {
  it('exchanges a login code once for the openid', async () => {
    const { code, openid } = await emulator.login();
    const session = await client.code2Session(code);
    expect(session.openid).toBe(openid);
    expect(typeof session.session_key).toBe('string');
    const reused = (await rejection(client.code2Session(code))) as WeChatApiError;
    expect(reused).toBeInstanceOf(WeChatApiError);
    expect([40029, 40163]).toContain(reused.errcode);
    expect(reused.path).toBe(WeChatPath.code2Session);
  });

  it('refuses an unknown code with 40029 and an empty code before any request', async () => {
    await expect(client.code2Session('no-such-code')).rejects.toMatchObject({ errcode: 40029 });
    await expect(client.code2Session('')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('is unavailable without the appSecret', async () => {
    const c = track(clientFor(emulator, { appSecret: undefined, tokenProvider: async () => 'x' }));
    await expect(c.code2Session('code')).rejects.toThrow(/appSecret/);
  });
});

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
