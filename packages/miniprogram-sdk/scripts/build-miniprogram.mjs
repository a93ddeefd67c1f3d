// Builds `miniprogram_dist/`, the folder WeChat DevTools' "build npm" copies (package.json
// `miniprogram` field): CommonJS, ES2017, minified (what ships is what the size budget measures).
// `index.js` bundles the whole SDK with the parts of @wxtpl/shared-types it uses (DevTools' npm
// build would not find that package) and the component's definition (src/miniprogram.ts); the
// component's own file only requires `../index.js` and calls it, so the app and every
// `<report-form>` share one module, and the component gzips along with the code it calls.
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { esbuild } from './esbuild.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, 'src');
const out = join(root, 'miniprogram_dist');
const sharedTypesSrc = join(root, '..', 'shared-types', 'src', 'index.ts');
const common = {
  format: 'cjs',
  target: 'es2017',
  platform: 'neutral',
  minify: true,
  // Chinese messages as UTF-8, not \uXXXX escapes (half the bytes).
  charset: 'utf8',
  legalComments: 'none',
  // Class fields as plain assignments: no defineProperty helper in the bundle.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  logLevel: 'warning',
};

// @wxtpl/shared-types from its source: the bundle tree-shakes it file by file. (Its code that
// ships here uses nothing newer than ES2017: the test of miniprogram_dist checks the output.)
const sharedTypesFromSource = {
  name: 'shared-types-from-source',
  setup(build) {
    build.onResolve({ filter: /^@wxtpl\/shared-types$/ }, () => ({ path: sharedTypesSrc }));
  },
};

/** `export{a as b,c};` at the end of esbuild's minified ESM → `module.exports={b:a,c:c};`. */
function toCommonJs(code) {
  const match = /export\s*\{([^}]*)\};?\s*$/.exec(code);
  if (!match || /\b(import|export)\b[\s{*]/.test(code.slice(0, match.index))) {
    throw new Error('miniprogram_dist: expected one export list at the end of the bundle');
  }
  const pairs = match[1].split(',').map((entry) => {
    const [local, exported = local] = entry.trim().split(/\s+as\s+/);
    return `${exported}:${local}`;
  });
  return `${code.slice(0, match.index)}module.exports={${pairs.join(',')}};\n`;
}

/**
 * esbuild's minified ESM bundle through terser: three compress passes and a module-wide mangle
 * find what one esbuild pass leaves (about 5% gzipped). `unsafe_arrows` holds for this code (no
 * function expression is called with `new`); `unsafe` does not: it takes `encodeURIComponent` for
 * pure and drops the lone-surrogate check of validateFormId.
 */
async function squeeze(code, { module = true } = {}) {
  const result = await minify(code, {
    module,
    toplevel: true,
    ecma: 2017,
    compress: { passes: 3, unsafe_arrows: true },
    format: { ascii_only: false },
  });
  return result.code;
}

async function sources(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? sources(path) : [path];
    }),
  );
  return files.flat();
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const files = await sources(src);

// Bundled as ESM, then its one `export{…}` becomes `module.exports={…}`: CommonJS without
// esbuild's interop helpers, which would cost a tenth of the size budget.
const bundle = await esbuild.build({
  ...common,
  format: 'esm',
  entryPoints: [join(src, 'miniprogram.ts')],
  bundle: true,
  write: false,
  plugins: [sharedTypesFromSource],
});
await writeFile(join(out, 'index.js'), toCommonJs(await squeeze(bundle.outputFiles[0].text)));
// The component's file: `./miniprogram.js` (the entry above) is `../index.js` once built.
const component = await esbuild.build({
  ...common,
  entryPoints: [join(src, 'report-form-file.ts')],
  bundle: true,
  write: false,
  plugins: [
    {
      name: 'sdk-entry',
      setup(build) {
        build.onResolve({ filter: /^\.\/miniprogram\.js$/ }, () => ({
          path: '../index.js',
          external: true,
        }));
      },
    },
  ],
});
await mkdir(join(out, 'report-form'));
await writeFile(
  join(out, 'report-form', 'index.js'),
  `${await squeeze(component.outputFiles[0].text, { module: false })}\n`,
);
for (const file of files.filter((f) => /\.(wxml|wxss|json)$/.test(f))) {
  await cp(file, join(out, relative(src, file)));
}
// The SDK package is "type": "module"; this keeps Node (and miniprogram-simulate) reading the
// folder as CommonJS, which is what WeChat runs.
await writeFile(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`miniprogram_dist: ${relative(process.cwd(), out) || '.'} built`);
