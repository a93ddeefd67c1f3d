import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import {
  createWxRuntime,
  DEFAULT_APP_ID,
  type RunningEmulator,
  startEmulator,
  type WxRuntime,
} from '@wxtpl/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCollectBackend } from '../support/collect-backend.js';
import { innerForm, mount, submitNow, until } from '../support/simulate.js';

/** One framework's build output: its app script and the `<report-form>` it ships. */
interface Build {
  name: string;
  root: string;
  app: string;
  component: string;
}

// Set by scripts/ecosystem/check.ts after `taro build` / `uni build`.
const builds = JSON.parse(process.env.WXTPL_ECOSYSTEM_BUILDS ?? '[]') as Build[];
const require = createRequire(import.meta.url);
/** The API base the examples' config.js names; the built app is pointed at a local backend. */
const EXAMPLE_API = 'https://api.example.com';
const simulatedWx = (globalThis as { wx?: unknown }).wx;

let emulator: RunningEmulator;
let phone: WxRuntime | undefined;
let template: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  template = await emulator.control.addSubscribeTemplate({
    appId: DEFAULT_APP_ID,
    tid: 99,
    kidList: [1, 2, 3],
  });
});

afterAll(async () => {
  await emulator?.close();
});

afterEach(() => {
  phone?.kill();
  (globalThis as { wx?: unknown }).wx = simulatedWx;
});

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

describe.each(builds)('the $name build', (build) => {
  it('carries two copies of the SDK: the bundled one and the one <report-form> loads', () => {
    const copies = scripts(build.root).filter((file) =>
      readFileSync(file, 'utf8').includes('__wxtplHub'),
    );
    console.log(
      `${build.name}: SDK copies in ${copies.map((f) => relative(build.root, f)).join(', ')}`,
    );
    expect(copies.length).toBeGreaterThanOrEqual(2);
  });

  it("hands the component's formId and the accepted popup to the collector the app registered", async () => {
    const openid = `oEcosystem${build.name.replace(/\W/g, '')}`;
    await emulator.control.login({ appId: DEFAULT_APP_ID, openid });
    const backend = await startCollectBackend(DEFAULT_APP_ID, openid);
    backend.state.session = null;
    try {
      // The built app talks to this backend instead of the placeholder in its config.js.
      for (const file of scripts(build.root)) {
        const code = readFileSync(file, 'utf8');
        if (code.includes(EXAMPLE_API)) {
          writeFileSync(file, code.replaceAll(EXAMPLE_API, backend.url.replace(/\/collect$/, '')));
        }
      }
      phone = createWxRuntime({ emulatorUrl: emulator.url, appId: DEFAULT_APP_ID, openid });
      const g = globalThis as Record<string, unknown>;
      g.wx = { ...(simulatedWx as object), ...phone.wx };
      let app: unknown;
      g.App = (definition: unknown) => {
        app = definition;
      };
      g.getApp = () => app;
      g.Page = () => {};
      g.getCurrentPages = () => [];
      for (const cached of Object.keys(require.cache)) {
        if (cached.startsWith(build.root)) delete require.cache[cached];
      }
      require(join(build.root, build.app));
      expect(app, 'the built app.js calls App()').toBeDefined();

      const page = mount(
        '<report-form class="wxtpl-host" subscribe="{{ids}}" />',
        {},
        { ids: [template] },
        join(build.root, build.component),
      );
      const { form } = innerForm(page);
      const submit = await phone.tapSubmit((event) => {
        submitNow(form, event.detail);
        return event;
      });
      // The app's collector forgets both once the backend's answer names them.
      const waiting = () =>
        ['wxtpl:formIds', 'wxtpl:subscriptions'].reduce(
          (sum, key) => sum + ((phone?.wx.getStorageSync(key) || []) as unknown[]).length,
          0,
        );
      await backend.waitForRequests(1);
      await until(() => waiting() === 0, 'the backend to confirm the upload');
      // The formId and the acceptance both reached the backend, through the app's collector.
      expect(backend.accepted).toEqual([submit.detail.formId]);
      expect(await backend.pool.available(openid, { templateId: template })).toBe(1);
    } finally {
      await backend.close();
    }
  });
});

it('has builds to check (set by pnpm check:ecosystem)', () => {
  expect(builds.length).toBeGreaterThan(0);
});
