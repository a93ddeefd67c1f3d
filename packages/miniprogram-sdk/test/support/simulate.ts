import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The built mini-program output under miniprogram-simulate (tests using it run in jsdom), loaded
// with Node's own require exactly as the component loads `../index.js`.
const require = createRequire(import.meta.url);
// jsdom replaces the global URL, so build paths with node:path.
export const distDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'miniprogram_dist',
);
// Loaded without its typings: they drag in j-component's old miniprogram-api-typings (v3), whose
// global `Component` would clash with the v5 one the component source is checked against.
const simulate = require('miniprogram-simulate') as Simulate;
/** The event system j-component runs on; its dispatch is synchronous, unlike the wrapper's. */
const exparser = createRequire(
  require.resolve('j-component', { paths: [dirname(require.resolve('miniprogram-simulate'))] }),
)('miniprogram-exparser') as Exparser;

/** The SDK as `miniprogram_dist/index.js` exports it. */
export const sdk = require(join(distDir, 'index.js')) as typeof import('../../src/index.js');
const componentPath = join(distDir, 'report-form', 'index');

// miniprogram-simulate's built-in <form> and <button> drop their attributes; these stand-ins keep
// the ones WeChat reads, so the tests can check what the component passes down.
simulate.load({
  id: 'form',
  tagName: 'wx-form',
  template: '<slot/>',
  properties: { reportSubmit: Boolean, reportSubmitTimeout: Number },
} as never);
simulate.load({
  id: 'button',
  tagName: 'wx-button',
  template: '<slot/>',
  properties: { formType: String, type: String, disabled: Boolean, loading: Boolean },
} as never);

/** The corner of miniprogram-simulate (and j-component) the tests use. */
export interface SimNode {
  dom?: { innerHTML: string; textContent: string | null };
  data: Record<string, unknown>;
  querySelector(selector: string): SimNode | undefined;
  dispatchEvent(name: string, options: { detail?: unknown }): void;
  setData(data: Record<string, unknown>): void;
  _exparserNode: unknown;
}
interface Simulate {
  load(pathOrDefinition: string | object, tagName?: string): string;
  render(id: string): SimNode & { attach(parent: unknown): void };
}
interface Exparser {
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
    dispatchEvent(target: unknown, event: unknown): void;
  };
}
declare const document: { createElement(tag: string): unknown };

/** The simulator delivers `dispatchEvent` events a microtask later. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Resolves once `done()` holds (checked every few ms), or rejects naming `what` after 5 s. */
export async function until(done: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5_000; !done(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A page rendering `template` with `<report-form>` (from miniprogram_dist unless `component`). */
export function mount(
  template: string,
  methods: Record<string, (...args: never[]) => void> = {},
  data: Record<string, unknown> = {},
  component = componentPath,
) {
  const reportForm = simulate.load(component, 'report-form');
  const page = simulate.render(
    simulate.load({ usingComponents: { 'report-form': reportForm }, template, methods, data }),
  );
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

/** A formId as a device returns it: neither a mock nor a failure. */
export const REAL_ID = '0f3b8c1e9a7d4e2f8b6c5a4d3e2f1a0b';

/** Submits the page's `<report-form>` with `formId` and waits until the simulator delivered it. */
export async function submitForm(page: SimNode, formId: string): Promise<void> {
  innerForm(page).form.dispatchEvent('submit', { detail: { formId, value: {} } });
  await settle();
}

/** The `<report-form>` host matching `selector` and the `<form>` inside it. */
export function innerForm(page: SimNode, selector = '.wxtpl-host') {
  const host = page.querySelector(selector);
  if (!host) throw new Error(`no ${selector}`);
  const form = host.querySelector('.wxtpl-report-form');
  if (!form) throw new Error('no .wxtpl-report-form');
  return { host, form };
}

/**
 * Fires `submit` on `form` synchronously, as WeChat does when the user taps the submit button:
 * run it inside the runtime's `tap`/`tapSubmit` and the component's handler is in the gesture.
 */
export function submitNow(form: SimNode, detail: unknown): void {
  exparser.Event.dispatchEvent(
    form._exparserNode,
    exparser.Event.create('submit', detail, { bubbles: true, composed: true, capturePhase: true }),
  );
}
