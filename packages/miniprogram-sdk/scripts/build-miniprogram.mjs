// Builds `miniprogram_dist/`, the folder WeChat DevTools' "build npm" copies (package.json
// `miniprogram` field): CommonJS, ES2017. `index.js` bundles the whole SDK with the parts of
// @wxtpl/shared-types it uses (DevTools' npm build would not find that package); the component
// stays a separate file that requires `../index.js`, so the app and every `<report-form>` share
// one collector registry.
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuild } from './esbuild.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, 'src');
const out = join(root, 'miniprogram_dist');
const sharedTypesSrc = join(root, '..', 'shared-types', 'src', 'index.ts');
const common = { format: 'cjs', target: 'es2017', platform: 'neutral', logLevel: 'warning' };

// Older WeChat clients lack ES2022 built-ins such as Object.hasOwn: lower them at build time
// instead of patching globals inside the user's app.
const lowerBuiltins = {
  name: 'lower-es2022-builtins',
  setup(build) {
    build.onResolve({ filter: /^@wxtpl\/shared-types$/ }, () => ({ path: sharedTypesSrc }));
    build.onLoad({ filter: /shared-types[\\/]src[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll(
        'Object.hasOwn(',
        'Object.prototype.hasOwnProperty.call(',
      ),
      loader: 'ts',
    }));
  },
};

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

await esbuild.build({
  ...common,
  entryPoints: [join(src, 'index.ts')],
  outfile: join(out, 'index.js'),
  bundle: true,
  plugins: [lowerBuiltins],
});
await esbuild.build({
  ...common,
  entryPoints: [join(src, 'report-form', 'index.ts')],
  outfile: join(out, 'report-form', 'index.js'),
  bundle: false,
});
for (const file of files.filter((f) => /\.(wxml|wxss|json)$/.test(f))) {
  await cp(file, join(out, relative(src, file)));
}
// The SDK package is "type": "module"; this keeps Node (and miniprogram-simulate) reading the
// folder as CommonJS, which is what WeChat runs.
await writeFile(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`miniprogram_dist: ${relative(process.cwd(), out) || '.'} built`);
