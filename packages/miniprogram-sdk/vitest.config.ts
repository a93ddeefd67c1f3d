import { configDefaults, defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'miniprogram-sdk',
    include: ['test/**/*.test.ts'],
    // Run by `pnpm check:ecosystem` against the Taro and uni-app builds (vitest.ecosystem.config.ts).
    exclude: [...configDefaults.exclude, 'test/ecosystem/**'],
    globalSetup: ['test/global-setup.ts'],
  },
});
