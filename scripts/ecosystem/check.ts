// `pnpm check:ecosystem`: the Taro (React) and uni-app (Vue 3) examples build for WeChat with the
// published SDK, and their output hands formIds and subscribe acceptances across the two copies
// of the SDK each one ships (the app's bundled copy and the one `<report-form>` loads).
//
// Copies examples/ecosystem/{taro,uni-app} out of the repository, installs each with npm (the
// `@wxtpl/*` packages from tarballs packed here, the framework's toolchain from the registry at
// the exact versions in its package.json), builds it (`taro build --type weapp`,
// `uni build -p mp-weixin`), then runs packages/miniprogram-sdk/test/ecosystem against the build
// output: its app.js loaded under miniprogram-simulate with the emulator's wx runtime, a tap on
// the shipped `<report-form subscribe>`, and the real collect handler receiving both.
//
//   pnpm check:ecosystem          build, pack, copy, install, build each example, check
//   pnpm check:ecosystem --keep   and leave the temporary folder for inspection
import { join } from 'node:path';
import { copyOutCheck, copyTracked, npmInstallCommand, wxtplClosure } from '../lib/copy-out.ts';
import { ROOT, readManifest } from '../lib/workspace.ts';

/** Each example, where its build lands, and the two files the check loads from it. */
const EXAMPLES = [
  {
    name: 'taro',
    output: 'dist',
    app: 'app.js',
    component: 'npm/@wxtpl/miniprogram-sdk/miniprogram_dist/report-form/index',
  },
  {
    name: 'uni-app',
    output: 'dist/build/mp-weixin',
    app: 'app.js',
    component: 'wxcomponents/wxtpl/report-form/index',
  },
] as const;

await copyOutCheck('ecosystem', { timeoutMs: 20 * 60_000 }, async ({ work, step, packed }) => {
  // The two examples side by side: each one's install waits on the registry most of the time, so
  // the other's install or build fills it. Every step still runs, and any failure fails the check.
  const outcomes = await Promise.allSettled(
    EXAMPLES.map(async (example) => {
      const dir = join(work, example.name);
      const count = copyTracked(join(ROOT, 'examples', 'ecosystem', example.name), dir);
      console.log(`\n==> examples/ecosystem/${example.name} copied to ${dir} (${count} files)`);
      const wanted = wxtplClosure(readManifest(dir), packed);
      await step(
        `${example.name}: npm install (${wanted.join(', ')} from tarballs)`,
        npmInstallCommand(wanted, packed.tarballs),
        dir,
        { tag: example.name },
      );
      await step(`${example.name}: npm run build`, 'npm run build', dir, { tag: example.name });
      return {
        name: example.name,
        root: join(dir, example.output),
        app: example.app,
        component: example.component,
      };
    }),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  const builds = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value);
  await step(
    'the hand-off in the built output (packages/miniprogram-sdk/test/ecosystem)',
    'pnpm exec vitest run --config vitest.ecosystem.config.ts',
    join(ROOT, 'packages', 'miniprogram-sdk'),
    { env: { ...process.env, WXTPL_ECOSYSTEM_BUILDS: JSON.stringify(builds) } },
  );
});
