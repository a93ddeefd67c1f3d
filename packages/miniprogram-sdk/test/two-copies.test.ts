// @vitest-environment jsdom
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sdk as componentCopy, distDir, mount, REAL_ID, submitForm } from './support/simulate.js';

// Under Taro or uni-app the app bundles its own copy of the SDK (the package's `main`, here
// dist/index.cjs), while `<report-form>` loads miniprogram_dist/index.js: two module instances.
const require = createRequire(import.meta.url);
const appCopy = require(join(distDir, '..', 'dist', 'index.cjs')) as typeof componentCopy;

function sink() {
  const ids: string[] = [];
  const popups: unknown[] = [];
  return {
    ids,
    popups,
    add: (id: string) => ids.push(id),
    addSubscriptions: (results: unknown) => popups.push(results),
  };
}

afterEach(() => {
  // Also drains what waited for a collector, so no test sees another's submits.
  appCopy.registerCollector(sink());
  appCopy.registerCollector(null);
});

describe('two copies of the SDK in one app', () => {
  it('are two module instances', () => {
    expect(appCopy.registerCollector).not.toBe(componentCopy.registerCollector);
  });

  it("hand the component's formIds to the collector the app's copy registered", async () => {
    const collector = sink();
    appCopy.registerCollector(collector);
    const page = mount('<report-form class="wxtpl-host" />');
    await submitForm(page, REAL_ID);
    expect(collector.ids).toEqual([REAL_ID]);
    // The registration is one, whichever copy is asked: unregistering from the other stops it.
    componentCopy.registerCollector(null);
    await submitForm(page, `${REAL_ID}2`);
    expect(collector.ids).toEqual([REAL_ID]);
  });

  it('deliver what was submitted before registration once, whichever copy registers', async () => {
    const page = mount('<report-form class="wxtpl-host" />');
    await submitForm(page, REAL_ID);
    const collector = sink();
    appCopy.registerCollector(collector);
    componentCopy.registerCollector(collector);
    expect(collector.ids).toEqual([REAL_ID]);
  });

  it('still deliver within a copy when wx takes no new property (a frozen wx)', () => {
    const g = globalThis as { wx?: unknown };
    const saved = g.wx;
    g.wx = Object.freeze({});
    try {
      const collector = sink();
      componentCopy.registerCollector(collector);
      expect(componentCopy.collectFormId({ detail: { formId: REAL_ID } })).toBe(REAL_ID);
      expect(collector.ids).toEqual([REAL_ID]);
      componentCopy.registerCollector(null);
    } finally {
      g.wx = saved;
    }
  });
});
