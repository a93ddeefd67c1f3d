// Size budget: the SDK as it ships — the minified JavaScript of miniprogram_dist, each file
// gzipped, summed — must stay under 5.25 KB. The component's WXML, WXSS and JSON are reported
// beside it. (Component and collector alone measured 3,685 B this way before subscribe messages,
// under their old 4 KB budget; requestSubscribe, getSubscriptionSettings, SubscribeError with the
// zh/en errCode table and the collector's popup reports add about 1.4 KB.)
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 5 * 1024 + 256;
const dist = join(dirname(dirname(fileURLToPath(import.meta.url))), 'miniprogram_dist');

async function files(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  );
  return nested.flat();
}

/**
 * Bytes of miniprogram_dist's JavaScript as shipped (`minified`) and gzipped file by file
 * (`gzipped`), and the gzipped bytes of its other files (`templates`).
 */
export async function measure() {
  if (!existsSync(join(dist, 'index.js'))) throw new Error('run `pnpm build` first');
  const totals = { minified: 0, gzipped: 0, templates: 0, files: {} };
  for (const path of (await files(dist)).sort()) {
    const name = relative(dist, path);
    if (name === 'package.json') continue;
    const bytes = await readFile(path);
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    totals.files[name] = { bytes: bytes.length, gzipped };
    if (name.endsWith('.js')) {
      totals.minified += bytes.length;
      totals.gzipped += gzipped;
    } else {
      totals.templates += gzipped;
    }
  }
  return { ...totals, budget: BUDGET_BYTES };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped, templates, budget, files: each } = await measure();
  if (process.argv.includes('--files')) console.table(each);
  const verdict = gzipped < budget ? 'within' : 'OVER';
  console.log(
    `miniprogram_dist JavaScript: ${minified} B minified, ${gzipped} B gzipped (${verdict} the ${budget} B budget); WXML/WXSS/JSON ${templates} B gzipped`,
  );
  if (gzipped >= budget) process.exit(1);
}
