import { defineConfig } from 'vitest/config';

// Each recipe's test serves one collect upload through its framework, against the built
// @wxtpl/server-sdk (as an app would install it). The slow ones (Next.js, NestJS, Egg) build or
// boot a real app first.
export default defineConfig({
  test: {
    name: 'recipes',
    include: ['*/test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
