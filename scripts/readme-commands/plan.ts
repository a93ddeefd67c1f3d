// What `pnpm check:readme-commands` does with each shell command of the READMEs, by its text
// (whitespace collapsed, comments removed). Every command found must be listed: a README that
// gains a command fails the check until someone decides here whether it runs, and how.

/** Runs to its end and must exit 0. */
export interface RunOnce {
  run: 'once';
  /** Repository-relative folder it runs in (default: the root, where the READMEs' commands run). */
  cwd?: string;
  /** Commands run first, in the same fresh clone (each must be listed here too). */
  before?: string[];
  /** Long-running commands started first and kept running meanwhile (listed as `serve`). */
  background?: string[];
}

/** A long-running command: it must print a line matching `ready`; then it is stopped. */
export interface Serve extends Omit<RunOnce, 'run'> {
  run: 'serve';
  ready: RegExp;
}

/** Not run, and why. */
export interface Skip {
  skip: string;
}

export type Step = RunOnce | Serve | Skip;

const BUILT = ['pnpm build'];
const EMULATOR_READY = /wxtpl-emulator listening on http:\/\//;
const COPY_SESSION =
  'part of the root README\'s "Start a new project from a copy", outside the repository: ' +
  '`pnpm check:starters` runs that section as written (scripts/starters/section.ts)';
const FOR_YOUR_PROJECT =
  'for your own project, from the npm registry (not published yet): `pnpm check:starters` ' +
  'installs the packed tarballs the same way';
const MENTION = 'names a tool in a sentence; not a command to run';
const DOCKER =
  'needs a Docker engine, which CI does not have: scripts/test/docker.test.ts checks ' +
  'docker/Dockerfile and compose.yaml against the repository, and test/shutdown.test.ts runs the ' +
  "image's start command";
const CLI_EXAMPLE =
  'an example of the wxtpl CLI with placeholders or credentials; ' +
  'packages/server-sdk/test/cli*.test.ts run each form against the emulator';

export const PLAN: Readonly<Record<string, Step>> = {
  // Setting up.
  'pnpm install': { run: 'once' },
  'npm install -g pnpm@12.4.2': {
    skip: "installs pnpm globally (.ci/run's toolchain step does); every fresh clone here has it",
  },
  'pnpm install && pnpm demo': {
    skip: "the Quick start's demo command: .ci/run runs it as its first step",
  },
  'WXTPL_TEST_PRETEND_MISSING=chromium pnpm test': {
    skip: 'the whole test suite, pretending Chromium is missing: run on demand (packages/…/testkit tests cover the finder)',
  },
  'WXTPL_TEST_PRETEND_MISSING=chromium,apt pnpm test': {
    skip: 'the whole test suite, pretending Chromium and apt are missing: run on demand',
  },
  'WXTPL_TEST_PRETEND_MISSING=redis pnpm test': {
    skip: 'the whole test suite on a private redis-server: run on demand',
  },
  'WXTPL_TEST_PRETEND_MISSING=redis,redis-server pnpm test': {
    skip: 'shows the line printed without any Redis, and fails the run: run on demand',
  },
  'apt-get install -y fonts-wqy-microhei': {
    skip: "installs a Debian package as root; .ci/run's services step installs it",
  },

  // The workspace's own commands.
  'pnpm build': { run: 'once' },
  'pnpm build --filter=@wxtpl/emulator': { run: 'once' },
  'pnpm build --filter=@wxtpl/miniprogram-sdk': { run: 'once' },
  'pnpm lint': { run: 'once' },
  'pnpm format': { run: 'once' },
  'pnpm typecheck': { run: 'once' },
  'pnpm check:packages': { run: 'once' },
  'pnpm exec turbo run typecheck --filter=@wxtpl/example-miniprogram': { run: 'once' },
  'pnpm size': {
    run: 'once',
    cwd: 'packages/miniprogram-sdk',
    before: ['pnpm build --filter=@wxtpl/miniprogram-sdk'],
  },
  'pnpm test': { skip: "the Quick start's test command: .ci/run's test step runs it" },
  'pnpm test:reliability': { skip: '.ci/run runs it as its reliability step' },
  'pnpm bench': { skip: 'minutes of load on every core; run on demand' },
  'pnpm bench --only subscribe': { skip: 'a benchmark under load; run on demand' },
  'pnpm bench --only tokens': { skip: 'a benchmark under load; run on demand' },
  'pnpm bench --only campaign': { skip: 'a benchmark under load; run on demand' },
  'pnpm bench --only throughput': { skip: 'a benchmark under load; run on demand' },
  'pnpm check:readme-commands': { skip: 'this check' },
  'pnpm check:starters': { skip: '.ci/run runs it as its starters step' },
  'pnpm check:ecosystem': { skip: '.ci/run runs it as its Taro and uni-app step' },
  'pnpm check:ecosystem --keep': {
    skip: 'the same check keeping its temporary folder: `pnpm check:ecosystem` runs in .ci/run',
  },
  'pnpm check:consumers': { skip: '.ci/run runs it as its consumers step' },
  'pnpm check:docs-parity': {
    skip: 'scripts/test/docs-parity.test.ts runs it (--json) in every test run; .ci/run runs it as its docs step',
  },
  'npm run build:types': { skip: COPY_SESSION },
  'bash .ci/run': { skip: 'is CI: it runs this check' },
  'pnpm changeset': { skip: 'interactive: asks which packages changed' },
  'pnpm version-packages': { skip: 'a release step: rewrites versions and CHANGELOGs' },
  'pnpm version-packages:dry': {
    skip: 'scripts/test/changesets.test.ts runs the same version step on a copy in every test run',
  },
  'pnpm docs:api': { skip: '.ci/run runs it as its API reference step' },
  'pnpm exec tsx bench/take-cost.ts --instructions': {
    skip: 'a profiling aid: runs redis-server under valgrind (not installed everywhere), minutes',
  },
  'pnpm exec tsx bench/emulator-send-throughput.ts 100000 50': {
    skip: 'a benchmark: 100,000 requests of load',
  },

  // The demo and the examples.
  'pnpm demo': { run: 'once' },
  'pnpm demo --serve': { run: 'serve', ready: /^inbox page: +http:\/\// },
  'pnpm --filter @wxtpl/example-server emulator': {
    run: 'serve',
    ready: EMULATOR_READY,
    before: BUILT,
  },
  'pnpm --filter @wxtpl/example-server exec wxtpl-emulator': {
    run: 'serve',
    ready: EMULATOR_READY,
    before: BUILT,
  },
  'pnpm --filter @wxtpl/example-server start': {
    run: 'serve',
    ready: /^example server listening on http:\/\//,
    before: BUILT,
    background: ['pnpm --filter @wxtpl/example-server emulator'],
  },
  'pnpm vitest run --project example-server': { run: 'once', before: BUILT },
  'node --import tsx src/main.ts': {
    skip: 'the example server\'s start script ("pnpm --filter @wxtpl/example-server start" runs it)',
  },
  'curl -X POST http://127.0.0.1:3000/admin/campaigns -H \'x-admin-token: dev-admin-token\' -H \'content-type: application/json\' -d \'{"template": "bookingReminder", "ratePerSecond": 20, "page": "pages/booking/index", "data": {"service": "洗牙", "time": "2026年12月8日 10:30", "store": "珠江新城店", "contact": "李雷"}}\'':
    {
      skip: 'needs the example server on Redis with users who accepted the template: examples/server/test/campaigns.test.ts makes these requests',
    },
  "open 'http://127.0.0.1:3000/admin/campaigns/mx3182s90045cf27fd/view#token=dev-admin-token'": {
    skip: 'opens a browser on a running campaign: examples/server/test/campaigns.browser.test.ts opens the page in Chromium',
  },
  'node first-message.mjs': {
    skip: "runs the server-sdk README's first script, which scripts/test/readme-first-message.test.ts runs as printed",
  },
  'node --env-file=.env --import tsx src/main.ts': {
    skip: 'the command above with your own .env (examples/server/.env.example lists its variables)',
  },
  'docker compose up --build': { skip: DOCKER },
  'docker build -f docker/Dockerfile --target server -t wxtpl-example-server .': { skip: DOCKER },
  'docker run --env-file examples/server/.env -p 3000:3000 wxtpl-example-server': { skip: DOCKER },
  'pnpm deploy --prod': {
    skip: "a step of docker/Dockerfile's build, named in a sentence (scripts/test/docker.test.ts)",
  },
  'wxtpl-emulator --devtools-login --pages pages/booking/index,pages/order/index': {
    skip: 'what the example server\'s `emulator` script runs ("pnpm --filter @wxtpl/example-server emulator" runs it)',
  },

  // The emulator and the CLI.
  'npx wxtpl-emulator': { run: 'serve', ready: EMULATOR_READY, before: BUILT },
  'npx wxtpl-emulator --port 4100 --host 127.0.0.1 --appid wx0000000000demo --secret demo-app-secret':
    { run: 'serve', ready: EMULATOR_READY, before: BUILT },
  'WXTPL_BASE_URL=http://127.0.0.1:4100 npx wxtpl library get AT0002': {
    run: 'once',
    before: BUILT,
    background: ['npx wxtpl-emulator'],
  },
  'WXTPL_BASE_URL=http://127.0.0.1:4100 npx wxtpl subscribe keywords 1002': {
    run: 'once',
    before: BUILT,
    background: ['npx wxtpl-emulator'],
  },
  'wxtpl lint FILE.json --against-library': { skip: CLI_EXAMPLE },
  'wxtpl COMMAND --help': { skip: CLI_EXAMPLE },
  'wxtpl help COMMAND': { skip: CLI_EXAMPLE },
  'wxtpl templates delete -gMXut…': { skip: CLI_EXAMPLE },
  'wxtpl templates list': { skip: CLI_EXAMPLE },
  'wxtpl subscribe': { skip: MENTION },
  'wxtpl subscribe list': { skip: CLI_EXAMPLE },
  'wxtpl subscribe delete -Gd4Z…': { skip: CLI_EXAMPLE },
  'wxtpl codegen': { skip: CLI_EXAMPLE },
  'wxtpl check': { skip: CLI_EXAMPLE },
  'export WXTPL_APPID=wx0123456789abcdef': { skip: CLI_EXAMPLE },
  'WXTPL_REDIS_URL=redis://10.0.0.5:6379 npx wxtpl templates list': { skip: CLI_EXAMPLE },
  'WXTPL_ACCESS_TOKEN=$TOKEN npx wxtpl templates list': { skip: CLI_EXAMPLE },
  'wxtpl campaign status ID': { skip: CLI_EXAMPLE },
  'wxtpl campaign start --template ID --data \'{"thing1": "…"}\' --rate 500': { skip: CLI_EXAMPLE },
  'wxtpl campaign watch ID': { skip: CLI_EXAMPLE },
  'wxtpl campaign cancel ID': { skip: CLI_EXAMPLE },
  'npm install bullmq ioredis': { skip: FOR_YOUR_PROJECT },

  // In a project of your own.
  'npm install @wxtpl/miniprogram-sdk': { skip: FOR_YOUR_PROJECT },
  'pnpm add @wxtpl/server-sdk': { skip: FOR_YOUR_PROJECT },
  'pnpm add ioredis': { skip: FOR_YOUR_PROJECT },
  'pnpm add @wxtpl/shared-types': { skip: FOR_YOUR_PROJECT },
  'pnpm pack:tarballs': { skip: MENTION },
  'pnpm pack:tarballs ../my-app/tarballs': { skip: COPY_SESSION },
  'git archive': { skip: MENTION },
  'git archive HEAD examples/miniprogram examples/server examples/templates | tar -x -f - -C ../my-app --strip-components=1':
    { skip: COPY_SESSION },
  'cd ../my-app/miniprogram': { skip: COPY_SESSION },
  'cd ../my-app/server': { skip: COPY_SESSION },
  'cd ../my-app/templates': { skip: COPY_SESSION },
  'cd ../server': { skip: COPY_SESSION },
  'npm install --no-save --install-links ../templates ../tarballs/wxtpl-shared-types.tgz ../tarballs/wxtpl-miniprogram-sdk.tgz':
    { skip: COPY_SESSION },
  'npm install --no-save --install-links ../templates ../tarballs/*.tgz': { skip: COPY_SESSION },
  'npm install --no-save ../tarballs/wxtpl-shared-types.tgz': { skip: COPY_SESSION },
  'npm install': { skip: COPY_SESSION },
  'npm run typecheck': { skip: COPY_SESSION },
  'npm test': { skip: COPY_SESSION },
  'npm run emulator': { skip: COPY_SESSION },
  'npm run build': {
    skip: 'builds a copy of examples/ecosystem/taro or uni-app: `pnpm check:ecosystem` runs it in each',
  },
  'npm init': { skip: MENTION },
  'export default': { skip: 'JavaScript named in a sentence; not a command' },
  'npm start': { skip: COPY_SESSION },
  'pnpm pack': { skip: 'how a tarball is made; `pnpm check:starters` and the LICENSE test pack' },
  'pnpm publish': { skip: 'a release step' },

  // Names of tools in sentences.
  'npm exec': { skip: MENTION },
  'npm run': { skip: MENTION },
  'pnpm exec': { skip: MENTION },
  'sh -c': { skip: MENTION },
  'export const POST = collect': {
    skip: 'TypeScript in a sentence (a Next.js route file), not a shell command: recipes/nextjs runs it',
  },
  'export const POST = push': {
    skip: 'TypeScript in a sentence (a Next.js route file for message push), not a shell command',
  },
};
