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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  copyTracked,
  npmInstallCommand,
  packAll,
  stepRunner,
  wxtplClosure,
} from '../lib/copy-out.ts';
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
const TIMEOUT_MS = 20 * 60_000;

const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'wxtpl-ecosystem-'));
const steps = stepRunner(TIMEOUT_MS);
let failed = 0;

try {
  await steps.step(
    'build the packages',
    'pnpm exec turbo run build --filter=./packages/* --output-logs=errors-only',
    ROOT,
  );
  console.log('\n==> pack the packages (pnpm pack)');
  const packed = packAll(join(work, 'tarballs'));

  const builds = [];
  for (const example of EXAMPLES) {
    const dir = join(work, example.name);
    const count = copyTracked(join(ROOT, 'examples', 'ecosystem', example.name), dir);
    console.log(`\n==> examples/ecosystem/${example.name} copied to ${dir} (${count} files)`);
    const wanted = wxtplClosure(readManifest(dir), packed);
    await steps.step(
      `${example.name}: npm install (${wanted.join(', ')} from tarballs)`,
      npmInstallCommand(wanted, packed.tarballs),
      dir,
    );
    await steps.step(`${example.name}: npm run build`, 'npm run build', dir);
    builds.push({
      name: example.name,
      root: join(dir, example.output),
      app: example.app,
      component: example.component,
    });
  }

  await steps.step(
    'the hand-off in the built output (packages/miniprogram-sdk/test/ecosystem)',
    'pnpm exec vitest run --config vitest.ecosystem.config.ts',
    join(ROOT, 'packages', 'miniprogram-sdk'),
    { ...process.env, WXTPL_ECOSYSTEM_BUILDS: JSON.stringify(builds) },
  );
} catch (error) {
  failed = Math.max(1, steps.failed);
  console.log(`\n${(error as Error).message}`);
} finally {
  if (keep) console.log(`\nleft ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(failed === 0 ? '\necosystem: ok' : `\necosystem: ${failed} step(s) failed`);
process.exit(failed === 0 ? 0 : 1);
