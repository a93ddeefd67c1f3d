import type { RunningEmulator } from '@wxtpl/emulator';
import { type CreditStore, createMemoryStore, type Store } from '@wxtpl/server-sdk';
import { configFromEnv, type ExampleServerConfig } from '../src/config.js';
import { type CreateServerOptions, createServer, type ExampleServer } from '../src/server.js';
import { startExampleEmulator } from './support.js';

export { PAGES, startExampleEmulator } from './support.js';

/** The example backend on a free port, against its own fresh emulator. */
export interface TestStack {
  emulator: Emulator;
  server: ExampleServer;
  url: string;
  config: ExampleServerConfig;
  /** POSTs JSON to the backend; `token` becomes a bearer header. */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  /** A signed-in user: a fresh wx.login code exchanged through POST /login. */
  login(openid?: string): Promise<{ token: string; openid: string; auth: Record<string, string> }>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read deep into JSON answers they just asserted.
  body: Record<string, any>;
}

/** An emulator the stack can run against. */
type Emulator = Pick<RunningEmulator, 'url' | 'control' | 'close'>;

/** The example server's configuration in emulator mode against `baseUrl`, for tests. */
export function testConfig(
  baseUrl: string,
  overrides: Partial<ExampleServerConfig> = {},
): ExampleServerConfig {
  return {
    ...configFromEnv({}),
    baseUrl,
    sessionSecret: 'test-session-secret-0123456789',
    adminToken: 'test-admin-token',
    port: 0,
    ...overrides,
  };
}

export async function startTestStack(
  overrides: Partial<ExampleServerConfig> = {},
  emulator?: Emulator,
  options: CreateServerOptions = {},
): Promise<TestStack> {
  const emu = emulator ?? (await startExampleEmulator());
  const config = testConfig(emu.url, overrides);
  const server = await createServer(config, options);
  const url = await server.listen(0, '127.0.0.1');
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} } as Answer;
  };
  const stack: TestStack = {
    emulator: emu,
    server,
    url,
    config,
    post: (path, body, headers) => call('POST', path, body, headers),
    get: (path, headers) => call('GET', path, undefined, headers),
    async login(openid) {
      const { code, openid: assigned } = await emu.control.login({
        appId: config.appId,
        ...(openid ? { openid } : {}),
      });
      const answer = await call('POST', '/login', { code });
      if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
      const token = answer.body.token as string;
      return { token, openid: assigned, auth: { authorization: `Bearer ${token}` } };
    },
    async close() {
      await server.close();
      if (emulator === undefined) await emu.close();
    },
  };
  return stack;
}

/** POST /login with a fresh code, which must succeed, then again with the same code: that answer. */
export async function loginWithUsedCode(stack: TestStack): Promise<Answer> {
  const { code } = await stack.emulator.control.login({ appId: stack.config.appId });
  const first = await stack.post('/login', { code });
  if (first.status !== 200) throw new Error(`the first login answered ${first.status}`);
  return stack.post('/login', { code });
}

/**
 * A memory store whose methods (`set`, `credits.count`, …) can be made to fail, like a dead Redis,
 * after the server started on it. Calls are looked up when made: the pool keeps the credit methods
 * it was built with.
 */
export function breakableStore(): { store: Store; fail(...methods: string[]): void } {
  const store = createMemoryStore();
  const broken = new Set<string>();
  const wrap = <T extends object>(target: T, path: string, own: Partial<T> = {}): T =>
    new Proxy(target, {
      get(object, name) {
        if (Object.hasOwn(own, name)) return own[name as keyof T];
        const value = Reflect.get(object, name, object);
        if (typeof value !== 'function') return value;
        const method = `${path}${String(name)}`;
        return (...args: unknown[]) =>
          broken.has(method)
            ? Promise.reject(new Error(`${method}: connection lost`))
            : value.apply(object, args);
      },
    });
  const credits: CreditStore = wrap(store.credits, 'credits.');
  return {
    store: wrap<Store>(store, '', { credits }),
    fail: (...methods) => {
      for (const method of methods) broken.add(method);
    },
  };
}
