/**
 * Throughput of the emulator alone on a token-validated send: the built CLI runs in its own
 * process (one core, as a test run would use it) and autocannon fires template sends at it, each
 * with a fresh formId. Not part of `pnpm bench` (no target: a figure for the emulator's README).
 *
 *   pnpm build && pnpm exec tsx bench/emulator-send-throughput.ts [requests] [connections]
 */
import { startEmulatorProcess } from '@wxtpl/testkit';
import autocannon from 'autocannon';

const REQUESTS = Number(process.argv[2] ?? 100_000);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const OPENID = 'oBenchUser000000000000000001';

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess({ pages: null });
  const { url, control, appId } = emulator;
  try {
    const tokenResponse = await fetch(
      `${url}/cgi-bin/token?grant_type=client_credential&appid=${appId}&secret=${emulator.appSecret}`,
    );
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const templateId = await control.addTemplate({ appId, id: 'AT0014', keywordIds: [1, 2, 3, 4] });
    const formIds: string[] = [];
    while (formIds.length < REQUESTS) {
      formIds.push(
        ...(await control.formIds({
          appId,
          openid: OPENID,
          count: Math.min(1000, REQUESTS - formIds.length),
        })),
      );
    }
    let next = 0;
    const data = {
      keyword1: { value: '339208499', color: '#173177' },
      keyword2: { value: '2015年01月05日 12:30' },
      keyword3: { value: '粤海喜来登酒店' },
      keyword4: { value: '广州市天河区天河路208号' },
    };

    const result = await autocannon({
      url: `${url}/cgi-bin/message/wxopen/template/send?access_token=${token}`,
      connections: CONNECTIONS,
      amount: REQUESTS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              touser: OPENID,
              template_id: templateId,
              page: 'pages/index/index?id=339208499',
              form_id: formIds[next++],
              data,
              emphasis_keyword: 'keyword1.DATA',
            }),
          }),
        },
      ],
    });
    const stats = await control.stats();
    const summary = {
      requests: result.requests.total,
      connections: CONNECTIONS,
      durationSeconds: result.duration,
      requestsPerSecond: { average: result.requests.average, p50: result.requests.p50 },
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      errors: result.errors,
      sendsOk: stats.sends.ok,
      sendsFailed: stats.sends.failed,
    };
    console.log(JSON.stringify(summary, null, 2));
    if (stats.sends.ok !== REQUESTS || result.non2xx !== 0 || result.errors !== 0) {
      throw new Error('not every send succeeded: the figure above is not valid');
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
