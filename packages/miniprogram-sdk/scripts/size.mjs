// Size budget: the component plus the collector, minified and gzipped, must stay under 4 KB.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { esbuild } from './esbuild.mjs';

const BUDGET_BYTES = 4 * 1024;
const dist = join(dirname(dirname(fileURLToPath(import.meta.url))), 'miniprogram_dist');

/** Minified + gzipped bytes of miniprogram_dist's component and collector, bundled together. */
export async function measure() {
  if (!existsSync(join(dist, 'index.js'))) throw new Error('run `pnpm build` first');
  const result = await esbuild.build({
    stdin: {
      contents: "require('./index.js'); require('./report-form/index.js');",
      resolveDir: dist,
    },
    bundle: true,
    minify: true,
    format: 'cjs',
    target: 'es2017',
    platform: 'neutral',
    write: false,
  });
  const code = result.outputFiles[0].contents;
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    budget: BUDGET_BYTES,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped, budget } = await measure();
  const verdict = gzipped < budget ? 'within' : 'OVER';
  console.log(
    `component + collector: ${minified} B minified, ${gzipped} B gzipped (${verdict} the ${budget} B budget)`,
  );
  if (gzipped >= budget) process.exit(1);
}
