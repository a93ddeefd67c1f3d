import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createWxRuntime,
  type WxCallbackResult,
  type WxRequestOption,
  type WxRequestSuccessResult,
} from '../src/wx-runtime/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const held: ServerResponse[] = [];

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/json') {
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
    res.end(JSON.stringify({ hello: '世界' }));
  } else if (path === '/text') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('not json {');
  } else if (path === '/error') {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'boom' }));
  } else if (path === '/echo') {
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(body);
  } else if (path === '/hang') {
    held.push(res);
  } else {
    res.writeHead(404);
    res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type Outcome =
  | { kind: 'success'; result: WxRequestSuccessResult; completed: boolean }
  | { kind: 'fail'; result: WxCallbackResult; completed: boolean };

function runtime() {
  // The emulator URL is not used by `request`; requests go wherever the app points them.
  return createWxRuntime({ emulatorUrl: base, appId: 'wxruntime-test' });
}

function call(
  option: Omit<WxRequestOption, 'success' | 'fail' | 'complete'>,
  onTask?: (task: { abort(): void }) => void,
): Promise<Outcome> {
  const rt = runtime();
  return new Promise((resolve) => {
    let outcome: Outcome | undefined;
    const task = rt.wx.request({
      ...option,
      success: (result) => {
        outcome = { kind: 'success', result, completed: false };
      },
      fail: (result) => {
        outcome = { kind: 'fail', result, completed: false };
      },
      complete: () => {
        if (outcome) resolve({ ...outcome, completed: true });
      },
    });
    onTask?.(task);
  });
}

describe('wx.request', () => {
  it('parses JSON bodies and reports headers and cookies, as on a phone', async () => {
    const outcome = await call({ url: `${base}/json` });
    expect(outcome.kind).toBe('success');
    if (outcome.kind !== 'success') return;
    expect(outcome.completed).toBe(true);
    expect(outcome.result.statusCode).toBe(200);
    expect(outcome.result.data).toEqual({ hello: '世界' });
    expect(outcome.result.header['content-type']).toBe('application/json');
    expect(outcome.result.cookies).toEqual(['a=1', 'b=2']);
    expect(outcome.result.errMsg).toBe('request:ok');
  });

  it('leaves a body that is not JSON as a string', async () => {
    const outcome = await call({ url: `${base}/text` });
    expect(outcome.kind === 'success' && outcome.result.data).toBe('not json {');
  });

  it('answers a 500 through success, not fail', async () => {
    const outcome = await call({ url: `${base}/error`, method: 'POST', data: {} });
    expect(outcome.kind).toBe('success');
    expect(outcome.kind === 'success' && outcome.result.statusCode).toBe(500);
    expect(outcome.kind === 'success' && outcome.result.data).toEqual({ error: 'boom' });
  });

  it('sends objects as JSON on POST and as a query string on GET, with the given headers', async () => {
    const posted = await call({
      url: `${base}/echo`,
      method: 'POST',
      data: { items: [1, 2] },
      header: { Authorization: 'Bearer s1' },
    });
    expect(posted.kind === 'success' && posted.result.data).toEqual({ items: [1, 2] });
    const post = seen.find((s) => s.url === '/echo' && s.method === 'POST');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers.authorization).toBe('Bearer s1');

    await call({ url: `${base}/json`, data: { q: 'a b', n: 2 } });
    expect(seen.some((s) => s.url === '/json?q=a+b&n=2')).toBe(true);
  });

  it('honours dataType other than json, responseType arraybuffer and form-encoded bodies', async () => {
    const text = await call({ url: `${base}/json`, dataType: '其他' });
    expect(text.kind === 'success' && text.result.data).toBe('{"hello":"世界"}');
    const binary = await call({ url: `${base}/json`, responseType: 'arraybuffer' });
    const data = binary.kind === 'success' ? binary.result.data : null;
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(data as ArrayBuffer).toString()).toBe('{"hello":"世界"}');
    await call({
      url: `${base}/echo`,
      method: 'PUT',
      data: { a: '1 2', b: 'x' },
      header: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(seen.find((s) => s.method === 'PUT')?.body).toBe('a=1+2&b=x');
  });

  it('fails with request:fail on a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await call({ url: `http://127.0.0.1:${port}/` });
    expect(outcome.kind).toBe('fail');
    expect(outcome.result.errMsg).toMatch(/^request:fail .*ECONNREFUSED/);
    expect(outcome.completed).toBe(true);
  });

  it('fails a malformed URL through fail, never by throwing', async () => {
    const outcome = await call({ url: 'not a url' });
    expect(outcome.kind).toBe('fail');
    expect(outcome.result.errMsg).toMatch(/^request:fail /);
  });

  it('honours timeout (on the virtual clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = call({ url: `${base}/hang`, timeout: 5000 });
      await vi.advanceTimersByTimeAsync(4999);
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toMatchObject({
        kind: 'fail',
        result: { errMsg: 'request:fail timeout' },
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('abort() fails the request with request:fail abort', async () => {
    const outcome = await call({ url: `${base}/hang` }, (task) => {
      setImmediate(() => task.abort());
    });
    expect(outcome).toMatchObject({ kind: 'fail', result: { errMsg: 'request:fail abort' } });
  });

  it('cuts the network 5 s after the app hides, until it shows again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const rt = runtime();
      const outcomes: string[] = [];
      rt.hide();
      rt.wx.request({
        url: `${base}/hang`,
        fail: (result) => outcomes.push(result.errMsg),
      });
      await vi.advanceTimersByTimeAsync(4999);
      expect(outcomes).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(outcomes).toEqual(['request:fail interrupted']);
      const later = await new Promise<string>((resolve) =>
        rt.wx.request({ url: `${base}/json`, fail: (result) => resolve(result.errMsg) }),
      );
      expect(later).toBe('request:fail interrupted');
      rt.show();
      const back = await new Promise<number>((resolve) =>
        rt.wx.request({ url: `${base}/json`, success: (result) => resolve(result.statusCode) }),
      );
      expect(back).toBe(200);
      // Back within 5 s: nothing is cut.
      rt.hide();
      await vi.advanceTimersByTimeAsync(3000);
      rt.show();
      await vi.advanceTimersByTimeAsync(5000);
      const fine = await new Promise<number>((resolve) =>
        rt.wx.request({ url: `${base}/json`, success: (result) => resolve(result.statusCode) }),
      );
      expect(fine).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('kill() cuts requests in flight without calling back and makes wx inert', async () => {
    const rt = runtime();
    const calls: string[] = [];
    const arrivedBefore = seen.filter((s) => s.url === '/hang').length;
    rt.wx.request({
      url: `${base}/hang`,
      success: () => calls.push('success'),
      fail: () => calls.push('fail'),
      complete: () => calls.push('complete'),
    });
    expect(rt.inFlight()).toBe(1);
    expect(rt.stats.requests).toBe(1);
    while (seen.filter((s) => s.url === '/hang').length === arrivedBefore) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    rt.kill();
    expect(rt.inFlight()).toBe(0);
    rt.wx.request({ url: `${base}/json`, complete: () => calls.push('after-kill') });
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    expect(rt.stats.requests).toBe(1);
  });
});
