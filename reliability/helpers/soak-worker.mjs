// One server process of the soak: the BUILT SDK with its own WeChatClient, FormIdPool and
// Notifier on the shared Redis. Runs its share of the notifies and writes every outcome, and every
// send it made to WeChat, as JSON to `outFile`.
import { writeFileSync } from 'node:fs';
import { connectSdk } from '@wxtpl/testkit/worker';

// biome-ignore lint/suspicious/noUndeclaredEnvVars: handed down by the test that spawns this process
const config = JSON.parse(process.env.WXTPL_SOAK_WORKER ?? '{}');
const { sdk, store, client, close } = await connectSdk(config);

/** marker → [form_id, answer] of each send: 0, an errcode, or `transport:<failure>:<requestSent>`. */
const sends = {};
// Records what the real client did; the Notifier sees the client unchanged.
const recordingClient = {
  appId: client.appId,
  messages: {
    async send(payload, options) {
      const marker = payload.data.keyword3.value;
      const log = sends[marker] ?? [];
      sends[marker] = log;
      try {
        const answer = await client.messages.send(payload, options);
        log.push([payload.form_id, 0]);
        return answer;
      } catch (error) {
        log.push([
          payload.form_id,
          error instanceof sdk.WeChatApiError
            ? error.errcode
            : error instanceof sdk.WeChatTransportError
              ? `transport:${error.failure}:${error.requestSent}`
              : `other:${error?.name}`,
        ]);
        throw error;
      }
    },
  },
};
const pool = new sdk.FormIdPool({ store, appId: config.appId });
const notifier = new sdk.Notifier({ client: recordingClient, pool });
const { template } = config;

// Notify i (of all processes) goes to process i % processes, for user floor(i / processes) mod
// users: both processes serve every user, concurrently.
const mine = [];
for (let i = config.process; i < config.total; i += config.processes) mine.push(i);
const outcomes = [];
let next = 0;
async function worker() {
  while (next < mine.length) {
    const index = mine[next++];
    const openid = config.openids[Math.floor(index / config.processes) % config.openids.length];
    const marker = `m${index}`;
    try {
      const result = await notifier.notify({
        openid,
        template,
        data: { place: 'TIT造舰厂', time: '2026年11月26日', item: marker },
      });
      outcomes.push({ marker, openid, ok: true, formId: result.formId, attempts: result.attempts });
    } catch (error) {
      outcomes.push({
        marker,
        openid,
        ok: false,
        error: error?.name ?? String(error),
        typed: error instanceof sdk.WxtplError,
        errcode: error?.errcode,
        formId: error?.formId,
      });
    }
  }
}
await Promise.all(Array.from({ length: config.concurrency }, worker));
await close();
writeFileSync(config.outFile, JSON.stringify({ outcomes, sends }));
process.exit(0);
