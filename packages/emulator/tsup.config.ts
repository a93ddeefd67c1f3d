import { defineConfig } from 'tsup';

const libraries = { index: 'src/index.ts', 'wx-runtime/index': 'src/wx-runtime/index.ts' };
const common = {
  dts: { entry: libraries },
  sourcemap: true,
  // `pnpm build` empties dist first: the two builds below run at once.
  clean: false,
  target: 'node20',
} as const;

// ESM: the libraries and the `wxtpl-emulator` CLI, sharing chunks. CommonJS: the libraries alone
// (the CLI is run, never required).
export default defineConfig([
  { ...common, entry: { ...libraries, cli: 'src/cli.ts' }, format: ['esm'] },
  { ...common, entry: libraries, format: ['cjs'] },
]);
