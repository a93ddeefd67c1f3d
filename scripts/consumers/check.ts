// `pnpm check:consumers`: the server SDK from its packed tarball in two scratch projects outside
// the repository, one on ioredis 5 and one on ioredis 6 (the optional peer's two majors). Each
// type-checks an app that hands its own ioredis client to `createRedisStore` (node16 resolution,
// strict), then runs it as ESM and as CommonJS against the Redis of the tests: it stores credits,
// spends one, and the memory store works with no ioredis installed at all.
//
//   pnpm check:consumers          build (turbo, cached), pack, install, type-check, run
//   pnpm check:consumers --keep   and leave the temporary folder for inspection
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../lib/processes.ts';
import { removeInBackground } from '../lib/remove.ts';
import { pack, publishedPackages, ROOT } from '../lib/workspace.ts';

const TYPESCRIPT = '5.9.3';
const NODE_TYPES = '20.19.0';
const TIMEOUT_MS = 10 * 60_000;
const CONSUMERS = [
  { name: 'ioredis-5', deps: ['ioredis@5'] },
  { name: 'ioredis-6', deps: ['ioredis@6'] },
  { name: 'no-ioredis', deps: [] },
] as const;

const APP_TS = `import { CreditPool, createMemoryStore, createRedisStore, type Store } from '@wxtpl/server-sdk';
${'{{IMPORT_REDIS}}'}

async function spendOne(store: Store, label: string): Promise<void> {
  const pool = new CreditPool({ store, appId: 'wxconsumer000001' });
  const openid = \`o-\${label}-\${process.pid}\`;
  const stored = await pool.ingest(openid, [{ formId: \`f-\${label}-\${Date.now()}\`, createdAt: Date.now() }]);
  if (stored.accepted.length !== 1) throw new Error(\`\${label}: ingest stored \${stored.accepted.length}\`);
  const taken = await pool.take(openid);
  if (taken.kind !== 'credit') throw new Error(\`\${label}: take found \${taken.kind}\`);
  taken.lease.drop();
  if ((await pool.available(openid)) !== 0) throw new Error(\`\${label}: a credit is left\`);
  console.log(\`\${label}: stored and spent one credit\`);
}

await spendOne(createMemoryStore(), 'memory');
${'{{USE_REDIS}}'}
`;

const IMPORT_REDIS = `import { Redis } from 'ioredis';`;
const USE_REDIS = `const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = \`wxtpl-consumer:\${process.pid}:\${Date.now()}:\`;
const store = createRedisStore(redis, { prefix });
try {
  await spendOne(store, 'redis');
} finally {
  const keys = await redis.keys(\`\${prefix}*\`);
  if (keys.length > 0) await redis.del(...keys);
  await store.close();
  redis.disconnect();
}`;

const APP_CJS = `const { createMemoryStore, createRedisStore, CreditPool } = require('@wxtpl/server-sdk');
if (typeof createRedisStore !== 'function' || typeof CreditPool !== 'function') throw new Error('CommonJS exports missing');
createMemoryStore().close().then(() => console.log('CommonJS: loaded'));
`;

const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'wxtpl-consumers-'));
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(npm_|PNPM_)/.test(name)),
);
let failed = false;

try {
  await step(
    'build the packages',
    'pnpm exec turbo run build --filter=./packages/* --output-logs=errors-only',
    ROOT,
  );
  mkdirSync(join(work, 'tarballs'));
  const tarballs = publishedPackages()
    .filter((pkg) => ['@wxtpl/server-sdk', '@wxtpl/shared-types'].includes(pkg.manifest.name))
    .map((pkg) => pack(pkg, join(work, 'tarballs')));
  for (const consumer of CONSUMERS) {
    const dir = join(work, consumer.name);
    const withRedis = consumer.deps.length > 0;
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: `consumer-${consumer.name}`, private: true, type: 'module' }, null, 2)}\n`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'node16',
            moduleResolution: 'node16',
            strict: true,
            skipLibCheck: false,
            outDir: 'dist',
            types: ['node'],
          },
          include: ['app.ts'],
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(
      join(dir, 'app.ts'),
      APP_TS.replace('{{IMPORT_REDIS}}', withRedis ? IMPORT_REDIS : '').replace(
        '{{USE_REDIS}}',
        withRedis ? USE_REDIS : '',
      ),
    );
    writeFileSync(join(dir, 'app.cjs'), APP_CJS);
    const install = [
      'npm install --no-audit --no-fund --loglevel=error',
      `typescript@${TYPESCRIPT}`,
      `@types/node@${NODE_TYPES}`,
      ...consumer.deps,
      ...tarballs.map((tarball) => JSON.stringify(tarball)),
    ].join(' ');
    await step(`${consumer.name}: npm install`, install, dir);
    await step(`${consumer.name}: tsc (node16, strict, lib types checked)`, 'npx tsc -p .', dir);
    await step(`${consumer.name}: run as ESM`, 'node dist/app.js', dir);
    await step(`${consumer.name}: require as CommonJS`, 'node app.cjs', dir);
  }
} catch (error) {
  failed = true;
  console.error(`\ncheck:consumers failed: ${(error as Error).message}`);
} finally {
  if (keep) console.log(`\nleft in ${work}`);
  else removeInBackground(work);
}
process.exitCode = failed ? 1 : 0;

async function step(title: string, command: string, cwd: string): Promise<void> {
  console.log(`\n==> ${title}\n    $ ${command}`);
  const started = Date.now();
  const result = await runCommand(command, { cwd, env, prefix: '    | ', timeoutMs: TIMEOUT_MS });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0)
    throw new Error(`${title}: exit status ${result.status} after ${seconds} s`);
  console.log(`    ok in ${seconds} s`);
}
