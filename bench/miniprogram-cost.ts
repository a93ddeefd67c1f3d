// The mini-program side: the SDK's gzipped size (measured by the package's own size script) and
// what the collector costs a phone for 100 formIds, run in the emulator's headless wx runtime
// against a real HTTP server using the server SDK's collect handler.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWxRuntime } from '@wxtpl/emulator/wx';
import { createCollector, type FlushResult } from '@wxtpl/miniprogram-sdk';
import { createCollectHandler, createMemoryStore, FormIdPool, toExpress } from '@wxtpl/server-sdk';
import type { BenchContext } from './harness/context.js';
import { registerBenchApp } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';

const FORM_IDS = 100;
const BATCH = 10;
const SESSION = 'Bearer bench-session';

export async function miniprogramSize(): Promise<BenchResult[]> {
  const script = new URL('../packages/miniprogram-sdk/scripts/size.mjs', import.meta.url).href;
  const { measure } = (await import(script)) as {
    measure(): Promise<{
      minified: number;
      gzipped: number;
      templates: number;
      budget: number;
      npm: { minified: number; gzipped: number };
    }>;
  };
  // What ships: miniprogram_dist's minified JavaScript, each file gzipped (the budget is the
  // package's own, in scripts/size.mjs).
  const { minified, gzipped, templates, budget, npm } = await measure();
  progress(`mini-program size: ${gzipped} B gzipped (${minified} B minified), as shipped`);
  return [
    {
      id: 'miniprogram.size',
      benchmark:
        'mini-program SDK as shipped (component + collector + subscribe helper), minified + gzipped',
      figure: gzipped,
      unit: 'B',
      baseline: null,
      ratio: null,
      target: `< ${budget} B`,
      pass: gzipped < budget,
      details: { minified, gzipped, templatesGzipped: templates, npmEntryGzipped: npm.gzipped },
    },
  ];
}

export async function collectorCost(ctx: BenchContext): Promise<BenchResult[]> {
  const app = await registerBenchApp(ctx.emulator.control, 'mp');
  const openid = `oBenchPhone${Date.now().toString(36)}`;
  const pool = new FormIdPool({ store: createMemoryStore(), appId: app.appId });
  const handler = createCollectHandler({
    pool,
    resolveOpenid: (request) => (request.headers.get('authorization') === SESSION ? openid : null),
  });
  const middleware = toExpress(handler);
  const server = createServer((req, res) => middleware(req, res, () => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wxtpl/collect`;

  const phone = createWxRuntime({ emulatorUrl: ctx.emulator.url, appId: app.appId, openid });
  const formIds = await ctx.emulator.control.formIds({ appId: app.appId, openid, count: FORM_IDS });
  const flushes: FlushResult[] = [];
  let flushed: (() => void) | undefined;
  const collector = createCollector({
    endpoint,
    wx: phone.wx,
    header: { Authorization: SESSION },
    onFlush: (result) => {
      flushes.push(result);
      flushed?.();
    },
  });
  try {
    // A user submitting forms through a session: each upload completes while they go on.
    for (const formId of formIds) {
      const done = new Promise<void>((resolve) => {
        flushed = resolve;
      });
      collector.add(formId);
      if (phone.inFlight() > 0) await done;
    }
    if (collector.pending() > 0) await collector.flush();
  } finally {
    collector.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const requests = phone.stats.requests;
  const writes = phone.storage.writes;
  const confirmed = flushes.filter((f) => f.error === null && f.response !== null).length;
  const stored = await pool.available(openid);
  const allStored = stored === FORM_IDS && collector.pending() === 0;
  progress(
    `collector: ${requests} wx.request calls, ${writes} storage writes, ${confirmed} confirmed batches, ${stored} formIds in the pool`,
  );
  const writeBudget = FORM_IDS + confirmed;
  return [
    {
      id: 'collector.requests',
      benchmark: `collector: wx.request calls for ${FORM_IDS} formIds (batch ${BATCH})`,
      figure: requests,
      unit: 'calls',
      baseline: null,
      ratio: null,
      target: `≤ ${FORM_IDS / BATCH}`,
      pass: requests <= FORM_IDS / BATCH && allStored,
      details: { formIdsInPool: stored, pendingOnPhone: collector.pending() },
    },
    {
      id: 'collector.storage-writes',
      benchmark: `collector: storage writes for ${FORM_IDS} formIds`,
      figure: writes,
      unit: 'writes',
      baseline: null,
      ratio: null,
      target: `≤ ${writeBudget} (1 per formId + 1 per confirmed batch)`,
      pass: writes <= writeBudget && allStored,
      details: { confirmedBatches: confirmed },
    },
  ];
}
