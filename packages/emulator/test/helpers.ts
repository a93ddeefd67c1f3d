import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from '../src/index.js';

export const APP = { appId: 'wxconformance0001', appSecret: 'conformance-secret' };
export const OTHER_APP = { appId: 'wxotherapp000002', appSecret: 'other-secret' };

/** A WeChat-shaped JSON answer. */
export type WxBody = Record<string, unknown> & { errcode?: number; errmsg?: string };

/** A tiny WeChat API caller over real HTTP, as a third-party client would call it. */
export class WxCaller {
  constructor(readonly emulator: RunningEmulator) {}

  async get(pathAndQuery: string): Promise<{ status: number; body: WxBody }> {
    const response = await fetch(`${this.emulator.url}${pathAndQuery}`);
    return { status: response.status, body: (await response.json()) as WxBody };
  }

  async post(pathAndQuery: string, body: unknown): Promise<{ status: number; body: WxBody }> {
    const response = await fetch(`${this.emulator.url}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as WxBody };
  }

  async token(app: { appId: string; appSecret: string } = APP): Promise<string> {
    const { body } = await this.get(
      `/cgi-bin/token?grant_type=client_credential&appid=${app.appId}&secret=${app.appSecret}`,
    );
    if (typeof body.access_token !== 'string') throw new Error(`no token: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** POSTs to a WeChat endpoint with `?access_token=`. */
  async call(path: string, token: string, body: unknown): Promise<WxBody> {
    return (await this.post(`${path}?access_token=${encodeURIComponent(token)}`, body)).body;
  }
}

/** Starts an emulator serving two apps (the second with declared pages). */
export async function startTestEmulator(
  options: StartEmulatorOptions = {},
): Promise<{ emulator: RunningEmulator; wx: WxCaller }> {
  const emulator = await startEmulator({
    port: 0,
    apps: [APP, { ...OTHER_APP, pages: ['pages/index/index', 'pages/order/detail'] }],
    ...options,
  });
  return { emulator, wx: new WxCaller(emulator) };
}

export const SEND = '/cgi-bin/message/wxopen/template/send';

/** GETs a JSON document, typed by the caller. */
export async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** `GET /__emulator/apps`. */
export interface AppsBody {
  apps: { appid: string; pages: string[] | null; dailySendLimit: number }[];
}

/** Keyword data for the library title AT0014 with its keywords 1–3. */
export const AT0014_DATA = {
  keyword1: { value: '339208499' },
  keyword2: { value: '2015年01月05日 12:30' },
  keyword3: { value: '粤海喜来登酒店' },
};

/** One emulator for the describe block, reset before each test; `ready` gets it once started. */
export function useResetEmulator(
  ready: (started: { emulator: RunningEmulator; wx: WxCaller }) => void,
): void {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    const started = await startTestEmulator();
    ({ emulator } = started);
    ready(started);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control.reset());
}

/**
 * {@link useResetEmulator} with a fresh access_token of {@link APP}: `ready` gets the emulator and
 * the token before each test.
 */
export function useTokenEmulator(
  ready: (fixture: { emulator: RunningEmulator; wx: WxCaller; token: string }) => void,
): void {
  let started: { emulator: RunningEmulator; wx: WxCaller };
  useResetEmulator((emulator) => {
    started = emulator;
  });
  beforeEach(async () => ready({ ...started, token: await started.wx.token() }));
}

/** What {@link useTemplateApp} provides; read its fields inside tests, once the hooks have run. */
export interface TemplateApp {
  emulator: RunningEmulator;
  wx: WxCaller;
  token: string;
  templateId: string;
}

/**
 * One emulator for the file, reset before each test: a fresh access_token and the library title
 * `id` added to {@link APP} with `keywordIds`.
 */
export function useTemplateApp(id: string, keywordIds: number[]): TemplateApp {
  const app = {} as TemplateApp;
  useTokenEmulator((fixture) => Object.assign(app, fixture));
  beforeEach(async () => {
    app.templateId = await app.emulator.control.addTemplate({ appId: APP.appId, id, keywordIds });
  });
  return app;
}
