import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type PrivateRedis, startPrivateRedis } from '@wxtpl/testkit';
import { Cluster, Redis } from 'ioredis';

const run = promisify(execFile);

/** A real 3-master Redis Cluster on free ports, made with `redis-cli --cluster create`. */
export interface LocalCluster {
  readonly nodes: PrivateRedis[];
  /** An ioredis Cluster client (the caller closes it). */
  client(): Cluster;
  dispose(): Promise<void>;
}

export async function localCluster(): Promise<LocalCluster> {
  const nodes: PrivateRedis[] = [];
  for (let i = 0; i < 3; i++) {
    nodes.push(
      await startPrivateRedis({
        args: ['--cluster-enabled', 'yes', '--cluster-node-timeout', '5000'],
      }),
    );
  }
  const hosts = nodes.map((node) => `127.0.0.1:${node.port}`);
  await run('redis-cli', [
    '--cluster',
    'create',
    ...hosts,
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  // Every node must agree the cluster is up before clients are routed.
  for (const node of nodes) {
    const probe = new Redis(node.url);
    for (let i = 0; i < 100; i++) {
      if (((await probe.cluster('INFO')) as string).includes('cluster_state:ok')) break;
      await sleep(100);
    }
    probe.disconnect();
  }
  return {
    nodes,
    client: () =>
      new Cluster(
        nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
        { redisOptions: { maxRetriesPerRequest: 0 } },
      ),
    async dispose() {
      for (const node of nodes) await node.stop();
    },
  };
}
