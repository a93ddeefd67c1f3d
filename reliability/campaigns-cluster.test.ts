import {
  Campaigns,
  CreditPool,
  createRedisStore,
  defineSubscribeTemplate,
  Notifier,
  type RedisStore,
  WeChatClient,
} from '@wxtpl/server-sdk';
import { type EmulatorProcess, startEmulatorProcess } from '@wxtpl/testkit';
import { type Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, localCluster } from './helpers/redis-cluster.ts';

const USERS = 300;
const DATA = { product: '开售提醒', amount: '¥9.90', paidAt: '2026-11-30 20:00' };

describe('a campaign on a real 3-node Redis Cluster', () => {
  let cluster: LocalCluster;
  let emulator: EmulatorProcess;
  const clients: Cluster[] = [];
  const stores: RedisStore[] = [];
  const opened: Campaigns[] = [];
  let wechat: WeChatClient;

  beforeAll(async () => {
    cluster = await localCluster();
    emulator = await startEmulatorProcess();
  });
  afterAll(async () => {
    for (const campaigns of opened) await campaigns.close();
    await wechat?.close();
    for (const store of stores) await store.close();
    for (const client of clients) client.disconnect();
    await cluster?.dispose();
    await emulator?.close();
  });

  it(`reaches ${USERS} users once with two workers, the queue and each campaign on one slot`, async () => {
    const client = cluster.client();
    clients.push(client);
    const store = createRedisStore(client, { prefix: 'cmpc:' });
    stores.push(store);
    wechat = new WeChatClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
      store,
    });
    const pool = new CreditPool({ store, appId: emulator.appId });
    const notifier = new Notifier({ client: wechat, pool });
    const id = await emulator.control.addSubscribeTemplate({
      appId: emulator.appId,
      tid: 99,
      kidList: [1, 2, 3],
    });
    const template = defineSubscribeTemplate({
      id,
      title: '订单支付成功通知',
      keywords: { product: 'thing1', amount: 'amount2', paidAt: 'time3' },
    });
    const openids = Array.from({ length: USERS }, (_, i) => `o-cluster-${i}`);
    for (let i = 0; i < USERS; i += 50) {
      await Promise.all(
        openids.slice(i, i + 50).map(async (openid) => {
          await emulator.control.grantSubscription({
            appId: emulator.appId,
            openid,
            templateId: id,
          });
          await pool.acceptSubscriptions(openid, [id]);
        }),
      );
    }
    const campaignsOn = () => {
      const campaigns = new Campaigns({
        redis: client,
        pool,
        notifier,
        prefix: 'cmpc:',
        batchSize: 25,
      });
      opened.push(campaigns);
      return campaigns;
    };
    const starter = campaignsOn();
    campaignsOn().work({ concurrency: 8 });
    campaignsOn().work({ concurrency: 8 });
    const { id: campaignId } = await starter.start({
      template,
      audience: { subscribedTo: id },
      data: DATA,
      ratePerSecond: 400,
    });
    const deadline = Date.now() + 60_000;
    let status = await starter.status(campaignId);
    while (status.state !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await starter.status(campaignId);
    }
    expect(status).toMatchObject({ state: 'done', total: USERS, delivered: USERS, failed: 0 });
    const inbox = await emulator.control.inbox({ appId: emulator.appId, kind: 'subscribe' });
    const per = new Map<string, number>();
    for (const m of inbox) per.set(m.touser, (per.get(m.touser) ?? 0) + 1);
    expect(openids.every((o) => per.get(o) === 1)).toBe(true);
    // Each campaign's keys share one slot, the app's queue another; users spread over the masters.
    const slots = new Set<number>();
    const mastersWithCampaign = new Set<number>();
    for (const [index, node] of cluster.nodes.entries()) {
      const probe = new Redis(node.url);
      const keys = await probe.keys('cmpc:*');
      for (const key of keys) {
        if (key.startsWith(`cmpc:cmp:{cmp:${campaignId}}`)) {
          mastersWithCampaign.add(index);
          slots.add(Number(await probe.call('CLUSTER', 'KEYSLOT', key)));
        }
      }
      probe.disconnect();
    }
    expect(slots.size).toBe(1);
    expect(mastersWithCampaign.size).toBe(1);
    console.log(
      `campaign on cluster: ${status.delivered}/${USERS} delivered, campaign keys on slot ${[...slots][0]}`,
    );
  }, 120_000);
});
