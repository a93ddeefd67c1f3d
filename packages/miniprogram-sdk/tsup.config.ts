import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // What the mini-program build (scripts/build-miniprogram.mjs) targets too: the npm entry ends
  // up in mini-programs through Taro or uni-app.
  target: 'es2017',
});
