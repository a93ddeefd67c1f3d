import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorControlError, PushRecord, RunningEmulator } from '../src/index.js';
import { APP, getJson, startTestEmulator, type WxCaller } from './helpers.js';
import { sendPaid, subscribeSetup } from './subscribe-fixtures.js';

// Everything below checks the emulator's pushes with its own code: node:crypto only, written
// from the reference document, never the emulator's implementation.

const TOKEN = 'pushToken2024';
const AES_KEY = randomBytes(32).toString('base64').slice(0, 43);
const USER = 'oPushUser0000000000000000001';

function sha1Sorted(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** Safe-mode decryption: AES-256-CBC, IV = key[0..16], PKCS#7 to 32-byte blocks. */
function decrypt(encrypted: string): { message: string; appId: string } {
  const key = Buffer.from(`${AES_KEY}=`, 'base64');
  expect(key).toHaveLength(32);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([
    decipher.update(Buffer.from(encrypted, 'base64')),
    decipher.final(),
  ]);
  expect(plain.length % 32).toBe(0);
  const pad = plain[plain.length - 1] as number;
  expect(pad).toBeGreaterThanOrEqual(1);
  expect(pad).toBeLessThanOrEqual(32);
  expect([...plain.subarray(plain.length - pad)].every((b) => b === pad)).toBe(true);
  const content = plain.subarray(16, plain.length - pad);
  const length = content.readUInt32BE(0);
  return {
    message: content.subarray(4, 4 + length).toString('utf8'),
    appId: content.subarray(4 + length).toString('utf8'),
  };
}

const xmlField = (xml: string, name: string) =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[(.*?)\\]\\]>|([^<]*))</${name}>`)
    .exec(xml)
    ?.slice(1)
    .find((v) => v !== undefined);

interface Received {
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
}

/** The app's server: records every push, answers as `answer` says. */
class AppServer {
  readonly received: Received[] = [];
  answer: (n: number, req: IncomingMessage, res: ServerResponse) => void = (_n, _req, res) =>
    res.end('success');
  #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET') {
        const ok =
          url.searchParams.get('signature') ===
          sha1Sorted(
            TOKEN,
            url.searchParams.get('timestamp') ?? '',
            url.searchParams.get('nonce') ?? '',
          );
        res.end(ok ? (url.searchParams.get('echostr') ?? '') : 'bad signature');
        return;
      }
      this.received.push({
        query: url.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: req.headers['content-type'],
      });
      this.answer(this.received.length, req, res);
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/wechat/push`;
  }
  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** Verifies `signature` (and `msg_signature` when `encrypt` is given) of a received push. */
function verifySignatures(received: Received, encrypt?: string): void {
  const timestamp = received.query.get('timestamp') ?? '';
  const nonce = received.query.get('nonce') ?? '';
  expect(timestamp).toMatch(/^\d{10}$/);
  expect(received.query.get('signature')).toBe(sha1Sorted(TOKEN, timestamp, nonce));
  if (encrypt === undefined) {
    expect(received.query.get('encrypt_type')).toBeNull();
    return;
  }
  expect(received.query.get('encrypt_type')).toBe('aes');
  expect(received.query.get('msg_signature')).toBe(sha1Sorted(TOKEN, timestamp, nonce, encrypt));
}

describe('message push to the app server', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let server: AppServer;
  let paid: string;
  const appId = APP.appId;

  beforeAll(async () => {
    ({ emulator, wx } = await startTestEmulator());
  });
  beforeEach(async () => {
    await server?.close();
    server = new AppServer();
    await server.start();
    await emulator.control.reset();
    ({ paid } = await subscribeSetup(emulator, USER));
  });
  afterAll(async () => {
    await emulator.close();
    await server.close();
  });

  const configure = (push: object) =>
    emulator.control.registerApp({ ...APP, push: { url: server.url, token: TOKEN, ...push } });
  async function settled(count = 1): Promise<PushRecord[]> {
    for (let i = 0; i < 500; i++) {
      const pushes = await emulator.control.pushes({ appId });
      if (pushes.length >= count && pushes.every((p) => p.state !== 'pending')) return pushes;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('pushes did not settle within 10 s');
  }

  it('safe mode, JSON: the popup event arrives signed and encrypted for this app', async () => {
    await configure({ encodingAESKey: AES_KEY });
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    await settled();
    const [push] = server.received;
    if (!push) throw new Error('no push received');
    expect(push.contentType).toContain('application/json');
    const body = JSON.parse(push.body) as { ToUserName: string; Encrypt: string };
    expect(Object.keys(body).sort()).toEqual(['Encrypt', 'ToUserName']);
    verifySignatures(push, body.Encrypt);
    const { message, appId: forApp } = decrypt(body.Encrypt);
    expect(forApp).toBe(appId);
    expect(JSON.parse(message)).toEqual({
      ToUserName: body.ToUserName,
      FromUserName: USER,
      CreateTime: expect.any(Number),
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      List: [{ TemplateId: paid, SubscribeStatusString: 'accept', PopupScene: '0' }],
    });
    expect(body.ToUserName).toMatch(/^gh_[0-9a-f]{12}$/);
    expect((await emulator.control.stats()).pushes).toEqual({
      delivered: 1,
      failed: 0,
      dropped: 0,
    });
  });

  it('safe mode, XML: the event is XML inside the encrypted envelope', async () => {
    await configure({ encodingAESKey: AES_KEY, format: 'xml' });
    const shipped = await emulator.control.addSubscribeTemplate({
      appId,
      tid: 1002,
      kidList: [1, 2],
    });
    await emulator.control.subscribe({
      appId,
      openid: USER,
      templateIds: [paid, shipped],
      decision: { [shipped]: 'reject' },
    });
    await settled();
    const [push] = server.received;
    if (!push) throw new Error('no push received');
    expect(push.contentType).toContain('text/xml');
    const encrypt = xmlField(push.body, 'Encrypt') as string;
    verifySignatures(push, encrypt);
    const { message, appId: forApp } = decrypt(encrypt);
    expect(forApp).toBe(appId);
    expect(xmlField(message, 'Event')).toBe('subscribe_msg_popup_event');
    expect(xmlField(message, 'FromUserName')).toBe(USER);
    expect(xmlField(message, 'CreateTime')).toMatch(/^\d+$/);
    const lists =
      message.match(/<SubscribeMsgPopupEvent>(.*)<\/SubscribeMsgPopupEvent>/)?.[1] ?? '';
    const items = [...lists.matchAll(/<List>(.*?)<\/List>/g)].map((m) => ({
      id: xmlField(m[1] as string, 'TemplateId'),
      status: xmlField(m[1] as string, 'SubscribeStatusString'),
      scene: xmlField(m[1] as string, 'PopupScene'),
    }));
    expect(items).toEqual([
      { id: paid, status: 'accept', scene: '0' },
      { id: shipped, status: 'reject', scene: '0' },
    ]);
  });

  it('plain and compatible modes, and the sent and change events', async () => {
    await configure({});
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    const token = await wx.token();
    const sent = await sendPaid(wx, token, USER, paid);
    expect(sent.errcode).toBe(0);
    await settled(2);
    const [popup, sentPush] = server.received;
    if (!popup || !sentPush) throw new Error('pushes missing');
    verifySignatures(popup);
    expect(JSON.parse(popup.body).Event).toBe('subscribe_msg_popup_event');
    expect(JSON.parse(sentPush.body)).toMatchObject({
      Event: 'subscribe_msg_sent_event',
      FromUserName: USER,
      List: { TemplateId: paid, MsgID: String(sent.msgid), ErrorCode: '0', ErrorStatus: 'success' },
    });

    await configure({ encodingAESKey: AES_KEY, mode: 'compatible' });
    await emulator.control.changeSubscription({ appId, openid: USER, templateId: paid });
    await settled(3);
    const change = server.received[2] as Received;
    const body = JSON.parse(change.body) as Record<string, unknown> & { Encrypt: string };
    verifySignatures(change, body.Encrypt);
    const { Encrypt, ...plain } = body;
    expect(plain).toMatchObject({
      Event: 'subscribe_msg_change_event',
      List: [{ TemplateId: paid, SubscribeStatusString: 'reject' }],
    });
    expect(JSON.parse(decrypt(Encrypt).message)).toEqual(plain);
  });

  it('retries up to 3 times when the answer is not success, with the same event', async () => {
    await configure({ encodingAESKey: AES_KEY });
    server.answer = (n, _req, res) => res.end(n < 3 ? 'fail' : 'success');
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    const [record] = await settled();
    expect(record?.state).toBe('delivered');
    expect(record?.attempts.map((a) => a.answer)).toEqual(['fail', 'fail', 'success']);
    const events = server.received.map((r) =>
      JSON.parse(decrypt(JSON.parse(r.body).Encrypt).message),
    );
    expect(new Set(events.map((e) => `${e.FromUserName}/${e.CreateTime}`)).size).toBe(1);
    for (const received of server.received)
      verifySignatures(received, JSON.parse(received.body).Encrypt);
  });

  it('gives up after 1 + 3 attempts and counts the push failed', async () => {
    await configure({});
    server.answer = (_n, _req, res) => {
      res.statusCode = 500;
      res.end('oops');
    };
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    const [record] = await settled();
    expect(record).toMatchObject({ state: 'failed', event: 'subscribe_msg_popup_event' });
    expect(record?.attempts).toHaveLength(4);
    expect(server.received).toHaveLength(4);
    expect((await emulator.control.stats()).pushes).toEqual({
      delivered: 0,
      failed: 1,
      dropped: 0,
    });
  });

  it('retries an answer that takes longer than the timeout (5 s by default)', async () => {
    await configure({ timeoutMs: 300 });
    server.answer = (n, _req, res) => {
      if (n === 1) setTimeout(() => res.end('success'), 2000).unref();
      else res.end('');
    };
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    const [record] = await settled();
    expect(record?.state).toBe('delivered');
    expect(record?.attempts[0]).toEqual({ status: null, error: 'timeout after 300 ms' });
    expect(record?.attempts[1]).toEqual({ status: 200, answer: '' });
  });

  it('fault rules drop or delay pushes', async () => {
    await configure({});
    await emulator.control.faults([{ path: 'push', drop: true, times: 1 }]);
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    expect((await emulator.control.pushes({ appId }))[0]?.state).toBe('dropped');
    await emulator.control.faults([{ path: 'push:subscribe_msg_popup_event', delayMs: 1000 }]);
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    const pending = (await emulator.control.pushes({ appId }))[1];
    expect(pending).toMatchObject({ state: 'pending', attempts: [] });
    const records = await settled(2);
    expect(records.map((r) => r.state)).toEqual(['dropped', 'delivered']);
    expect(server.received).toHaveLength(1);
    expect((await emulator.control.stats()).pushes).toEqual({
      delivered: 1,
      failed: 0,
      dropped: 1,
    });
    const refused = await emulator.control
      .faults([{ path: 'push', errcode: -1 }])
      .catch((e: unknown) => e);
    expect((refused as EmulatorControlError).status).toBe(400);
  });

  it('checks the URL as the admin console does (echostr)', async () => {
    await configure({ encodingAESKey: AES_KEY });
    expect(await emulator.control.verifyPush({ appId })).toMatchObject({ ok: true, status: 200 });
    await emulator.control.registerApp({ ...APP, push: { url: server.url, token: 'wrongToken' } });
    expect(await emulator.control.verifyPush({ appId })).toMatchObject({
      ok: false,
      answer: 'bad signature',
    });
  });

  it('refuses a malformed push config and never shows the token or key', async () => {
    for (const push of [
      { url: 'ftp://x', token: TOKEN },
      { url: server.url, token: 'a b' },
      { url: server.url, token: TOKEN, encodingAESKey: 'short' },
      { url: server.url, token: TOKEN, format: 'yaml' },
      { url: server.url, token: TOKEN, mode: 'safe' },
    ]) {
      const error = await emulator.control
        .registerApp({ ...APP, push: push as never })
        .catch((e: unknown) => e);
      expect((error as EmulatorControlError).status).toBe(400);
    }
    await configure({ encodingAESKey: AES_KEY, format: 'xml' });
    const listed = JSON.stringify(await getJson(`${emulator.url}/__emulator/apps`));
    expect(listed).toContain(server.url);
    expect(listed).not.toContain(TOKEN);
    expect(listed).not.toContain(AES_KEY);
    await emulator.control.registerApp({ ...APP, push: null });
    await emulator.control.subscribe({ appId, openid: USER, templateIds: [paid] });
    expect(await emulator.control.pushes({ appId })).toEqual([]);
  });
});
