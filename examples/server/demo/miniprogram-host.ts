import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWxRuntime, type WxRuntime } from '@wxtpl/emulator/wx';
import { JSDOM } from 'jsdom';

const here = dirname(fileURLToPath(import.meta.url));
/** The example mini-program, loaded from its real files. */
export const MINIPROGRAM_ROOT = resolve(here, '..', '..', 'miniprogram');
const require = createRequire(import.meta.url);

/** The corner of miniprogram-simulate's component wrapper the demo uses. */
export interface SimNode {
  /** The node in j-component's event system, for a synchronous dispatch. */
  _exparserNode?: unknown;
  data: Record<string, unknown>;
  dom?: { textContent: string | null };
  instance: Record<string, (...args: unknown[]) => unknown>;
  querySelector(selector: string): SimNode | undefined;
  dispatchEvent(name: string, options: { detail?: unknown }): void;
  attach(parent: unknown): void;
  detach(): void;
}

interface Simulate {
  load(pathOrDefinition: string | object, tagName?: string | object, options?: object): string;
  render(id: string, properties?: object): SimNode;
}

/** The event system j-component runs on: its dispatch is synchronous, unlike the wrapper's. */
interface Exparser {
  Event: {
    create(name: string, detail: unknown, options: object): unknown;
    dispatchEvent(node: unknown, event: unknown): void;
  };
}

/** What `App({...})` registered, as `getApp()` returns it. */
export interface ExampleApp {
  globalData: {
    apiBase: string;
    token: string;
    messages: 'subscribe' | 'template';
    subscribeTemplates: Record<string, string>;
  };
  collector: { pending(): number; flush(): Promise<unknown> };
  onLaunch(options?: object): void;
  session(): Promise<string>;
  uploadFormIds(): Promise<unknown>;
}

/** Options of {@link startMiniProgram}. */
export interface MiniProgramHostOptions {
  emulatorUrl: string;
  appId: string;
  /** The example backend the app talks to (replaces config.js's apiBase). */
  apiBase: string;
  /** Called when the app calls `wx.requestPayment` (the user confirms the payment). */
  onPayment?: (payment: Record<string, unknown>) => void;
  /** How the app tells users (replaces config.js's `messages`); default as config.js says. */
  messages?: 'subscribe' | 'template';
  /** The phone's user (default: the emulator picks one at the first login). */
  openid?: string;
}

/** The example mini-program running headless: its app, its pages and the phone's `wx`. */
export interface MiniProgramHost {
  runtime: WxRuntime;
  app: ExampleApp;
  /** Opens a page (`booking`, `order`) and runs its `onLoad`. */
  openPage(name: string, query?: Record<string, string>): Promise<SimNode>;
  /**
   * The user fills the `<report-form>` matching `selector` with `value` and taps its submit
   * button: the form yields a formId (`kind` `mock` as in DevTools) and the component's handler
   * runs inside the tap, so a `subscribe` popup may open. Resolves to the submit's formId.
   */
  tapSubmit(
    page: SimNode,
    selector: string,
    value?: Record<string, unknown>,
    kind?: 'real' | 'mock',
  ): Promise<string>;
  /** The app's `wx.request` calls answered since the last call, oldest first. */
  takeRequests(): PhoneRequest[];
  close(): void;
}

/** One `wx.request` the app made, as the phone saw it. */
export interface PhoneRequest {
  method: string;
  path: string;
  status: number | 'failed';
}

let globalsReady = false;
let simulate: Simulate | undefined;
let exparser: Exparser | undefined;

/**
 * A DOM for miniprogram-simulate (it renders WXML into it), then the simulator itself, which
 * installs the global `Component` and a mock `wx` with the UI APIs (toast, navigation…).
 */
function loadSimulator(): Simulate {
  if (!globalsReady) {
    const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
      url: 'https://servicewechat.com/',
    });
    const g = globalThis as Record<string, unknown>;
    const win = dom.window as unknown as Record<string, unknown>;
    g.window = dom.window;
    // j-component dispatches DOM events built with the global constructors: they must be jsdom's.
    for (const name of ['document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent']) {
      g[name] = win[name];
    }
    if (!('navigator' in g)) g.navigator = win.navigator;
    globalsReady = true;
  }
  simulate ??= require('miniprogram-simulate') as Simulate;
  exparser ??= createRequire(
    require.resolve('j-component', { paths: [dirname(require.resolve('miniprogram-simulate'))] }),
  )('miniprogram-exparser') as Exparser;
  return simulate;
}

/**
 * DevTools' "build npm" resolves a package to the folder named by its `miniprogram` field (else
 * its `main`). The app and the `<report-form>` component must share one module (the collector
 * registry), so mini-program code that requires `@wxtpl/miniprogram-sdk` gets
 * `miniprogram_dist/index.js`, exactly as inside WeChat.
 */
function resolveLikeDevTools(): () => void {
  const Module = require('node:module') as {
    _resolveFilename: (
      request: string,
      parent: { filename?: string } | undefined,
      ...rest: unknown[]
    ) => string;
  };
  const original = Module._resolveFilename;
  const sdkDir = dirname(
    require.resolve('@wxtpl/miniprogram-sdk/package.json', { paths: [MINIPROGRAM_ROOT] }),
  );
  const sdkEntry = join(sdkDir, 'miniprogram_dist', 'index.js');
  Module._resolveFilename = function (request, parent, ...rest) {
    const fromMiniProgram = parent?.filename?.startsWith(MINIPROGRAM_ROOT + sep) ?? false;
    if (fromMiniProgram && request === '@wxtpl/miniprogram-sdk') return sdkEntry;
    return original.call(this, request, parent, ...rest);
  };
  return () => {
    Module._resolveFilename = original;
  };
}

/**
 * Launches the example mini-program under Node: the emulator's headless `wx` (real `wx.login`,
 * real HTTP, phone storage) plus miniprogram-simulate for the pages' WXML and events. The app's
 * own `app.js` and pages run unchanged; `global.wx`, `App`, `getApp` are set as WeChat sets them.
 */
export async function startMiniProgram(options: MiniProgramHostOptions): Promise<MiniProgramHost> {
  const sim = loadSimulator();
  const g = globalThis as Record<string, unknown>;
  const runtime = createWxRuntime({
    emulatorUrl: options.emulatorUrl,
    appId: options.appId,
    ...(options.openid === undefined ? {} : { openid: options.openid }),
  });
  const simulatedWx = g.wx as Record<string, unknown>;
  const requests: PhoneRequest[] = [];
  g.wx = {
    ...simulatedWx,
    ...runtime.wx,
    // The real runtime's request, observed: the transcript shows what the phone sent.
    request(option: Parameters<WxRuntime['wx']['request']>[0]) {
      const method = (option.method ?? 'GET').toUpperCase();
      const path = URL.canParse(option.url) ? new URL(option.url).pathname : String(option.url);
      return runtime.wx.request({
        ...option,
        success: (result) => {
          requests.push({ method, path, status: result.statusCode });
          option.success?.(result);
        },
        fail: (error) => {
          requests.push({ method, path, status: 'failed' });
          option.fail?.(error);
        },
      });
    },
    requestPayment(
      option: Record<string, unknown> & {
        success?: (r: unknown) => void;
        complete?: (r: unknown) => void;
      },
    ) {
      options.onPayment?.(option);
      queueMicrotask(() => {
        option.success?.({ errMsg: 'requestPayment:ok' });
        option.complete?.({ errMsg: 'requestPayment:ok' });
      });
    },
  };
  const restoreResolve = resolveLikeDevTools();

  let app: ExampleApp | undefined;
  g.App = (definition: ExampleApp) => {
    app = definition;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => [];
  // A fresh launch: the app's modules and the SDK's (its collector registry) load anew.
  const sdkDist = join(
    dirname(require.resolve('@wxtpl/miniprogram-sdk/package.json', { paths: [MINIPROGRAM_ROOT] })),
    'miniprogram_dist',
  );
  for (const cached of Object.keys(require.cache)) {
    if (cached.startsWith(MINIPROGRAM_ROOT + sep) || cached.startsWith(sdkDist + sep)) {
      delete require.cache[cached];
    }
  }
  require(join(MINIPROGRAM_ROOT, 'app.js'));
  if (app === undefined) throw new Error('app.js did not call App()');
  const launched = app;
  launched.globalData.apiBase = options.apiBase;
  if (options.messages !== undefined) launched.globalData.messages = options.messages;
  launched.onLaunch({ path: 'pages/booking/index', query: {}, scene: 1001 });

  const reportForm = sim.load(join(sdkDist, 'report-form', 'index'), 'report-form');
  const pages: SimNode[] = [];

  return {
    runtime,
    app: launched,
    async openPage(name, query = {}) {
      const pagePath = join(MINIPROGRAM_ROOT, 'pages', name, 'index');
      // usingComponents names the npm path DevTools resolves; here it maps to the loaded component.
      const id = sim.load(pagePath, {
        compiler: 'simulate',
        rootPath: MINIPROGRAM_ROOT,
        usingComponents: { 'report-form': reportForm },
      });
      const page = sim.render(id);
      page.attach(
        (g.document as { createElement(tag: string): unknown }).createElement('page-wrapper'),
      );
      pages.push(page);
      await page.instance.onLoad?.(query);
      return page;
    },
    async tapSubmit(page, selector, value = {}, kind = 'real') {
      const form = page.querySelector(selector)?.querySelector('.wxtpl-report-form');
      if (!form?._exparserNode) throw new Error(`no <report-form> ${selector} on the page`);
      const { Event } = exparser as Exparser;
      return runtime.tapSubmit(
        (event) => {
          Event.dispatchEvent(
            form._exparserNode,
            Event.create('submit', event.detail, {
              bubbles: true,
              composed: true,
              capturePhase: true,
            }),
          );
          return event.detail.formId;
        },
        value,
        kind,
      );
    },
    takeRequests() {
      return requests.splice(0);
    },
    close() {
      for (const page of pages) page.detach();
      runtime.kill();
      restoreResolve();
    },
  };
}

/** Resolves once `ready(page.data)` holds, or rejects after `timeoutMs` with what it saw. */
export async function waitForPage(
  page: SimNode,
  ready: (data: Record<string, unknown>) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (!ready(page.data)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; page data: ${JSON.stringify(page.data)}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return page.data;
}
