import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

// Not part of `pnpm test`: `pnpm check:ecosystem` builds the Taro and uni-app examples, then runs
// this against their output (WXTPL_ECOSYSTEM_BUILDS).
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'miniprogram-sdk-ecosystem',
    include: ['test/ecosystem/**/*.test.ts'],
    environment: 'jsdom',
  },
});
