import {
  type CreditPool,
  createRedisStore,
  type Notifier,
  type RedisStore,
  type WeChatClient,
} from '@wxtpl/server-sdk';
import { WeChatPath } from '@wxtpl/shared-types';
import { type EmulatorProcess, type PurchaseTemplate, purchaseData } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxRecord } from './helpers/inbox.ts';
import { appSdk, startPurchaseEmulator } from './helpers/notify-stack.ts';
import { type LocalCluster, localCluster } from './helpers/redis-cluster.ts';

const USERS = 40;
const FORM_IDS_PER_USER = 5;
const TEMPLATE = 'tplClusterReminder000000000000000000000000';

interface Side {
  pool: CreditPool;
  notifier: Notifier;
}

describe('on a real 3-node Redis Cluster', () => {
  let cluster: LocalCluster;
  let emulator: EmulatorProcess;
  let template: PurchaseTemplate;
  const stores: RedisStore[] = [];
  const clients: WeChatClient[] = [];

  beforeAll(async () => {
    cluster = await localCluster();
    ({ emulator, template } = await startPurchaseEmulator());
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    for (const store of stores) await store.close();
    await cluster?.dispose();
    await emulator?.close();
  });

  it('collects, spends, accepts, purges and streams audiences, with one token for two processes', async () => {
    const appId = emulator.appId;
    // Two "processes": two Cluster connections, two stores, two clients.
    const connections = [cluster.client(), cluster.client()];
    const [a, b] = connections.map((connection) => {
      const store = createRedisStore(connection, { prefix: 'cl:' });
      stores.push(store);
      const { client, pool, notifier } = appSdk(emulator, store);
      clients.push(client);
      return { pool, notifier };
    }) as [Side, Side];
    const tokenRequests = async () =>
      (await emulator.control.stats()).requests[WeChatPath.stableToken] ?? 0;
    const tokensBefore = await tokenRequests();
    const openids = Array.from({ length: USERS }, (_, i) => `o-cluster-${i}`);
    for (const openid of openids) {
      const formIds = await emulator.control.formIds({ appId, openid, count: FORM_IDS_PER_USER });
      const result = await a.pool.ingest(
        openid,
        formIds.map((formId) => ({ formId, createdAt: Date.now() })),
      );
      expect(result.accepted).toHaveLength(FORM_IDS_PER_USER);
      await b.pool.acceptSubscriptions(openid, [TEMPLATE], {
        source: 'push',
        reportId: `p-${openid}`,
      });
      await a.pool.acceptSubscriptions(openid, [TEMPLATE], {
        source: 'client',
        reportId: `c-${openid}`,
      });
    }
    // Spent from both connections at once.
    const notifies = openids.flatMap((openid, i) =>
      Array.from({ length: FORM_IDS_PER_USER }, (_, j) =>
        (i % 2 === 0 ? a : b).notifier.notify({
          openid,
          template,
          data: purchaseData(`${openid}-${j}`),
        }),
      ),
    );
    const results = await Promise.allSettled(notifies);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(USERS * FORM_IDS_PER_USER);
    expect((await tokenRequests()) - tokensBefore).toBe(1);
    const inbox = inboxRecord(await emulator.control.inbox({ appId }));
    expect(inbox.total).toBe(USERS * FORM_IDS_PER_USER);
    expect([...inbox.byMarker.values()].filter((ids) => ids.length > 1)).toEqual([]);
    expect([...inbox.usesByCredit.values()].every((uses) => uses === 1)).toBe(true);
    for (const openid of openids) {
      expect(await b.pool.available(openid)).toBe(0);
      // The client and push reports of one acceptance paired into one credit.
      expect(await b.pool.available(openid, { templateId: TEMPLATE })).toBe(1);
    }
    const audience: string[] = [];
    for await (const page of b.pool.audience(TEMPLATE, { pageSize: 7 })) audience.push(...page);
    expect(audience.sort()).toEqual([...openids].sort());
    expect(await a.pool.purgeExpired()).toBe(0);

    // The data really is spread over the three masters.
    const perNode = await Promise.all(
      cluster.nodes.map(async (node) => {
        const direct = new Redis(node.url);
        const size = await direct.dbsize();
        direct.disconnect();
        return size;
      }),
    );
    console.log(`cluster: keys per node ${perNode.join(' / ')}, ${inbox.total} delivered`);
    expect(perNode.filter((n) => n > 0).length).toBe(3);
    for (const connection of connections) connection.disconnect();
  });
});
