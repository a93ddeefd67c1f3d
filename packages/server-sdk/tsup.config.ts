import { defineConfig } from 'tsup';

const common = {
  dts: { entry: { index: 'src/index.ts' }, compilerOptions: { stripInternal: true } },
  sourcemap: true,
  // `pnpm build` empties dist first: the two builds below run at once.
  clean: false,
  target: 'node20',
  // import.meta.url in the CommonJS build (createRequire of the optional ioredis peer).
  shims: true,
} as const;

// ESM: the library and the `wxtpl` CLI, sharing chunks. CommonJS: the library alone (the CLI is
// run, never required).
export default defineConfig([
  { ...common, entry: { index: 'src/index.ts', cli: 'src/cli.ts' }, format: ['esm'] },
  { ...common, entry: { index: 'src/index.ts' }, format: ['cjs'] },
]);
