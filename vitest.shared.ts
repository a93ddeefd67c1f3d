import { fileURLToPath } from 'node:url';

const source = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/**
 * Tests import sibling packages from their TypeScript sources, so a test run never depends on
 * (or races with) another package's build output. Each package's own built output is still
 * exercised by its `package.test.ts`.
 */
export const workspaceAliases = [
  { find: /^@wxtpl\/shared-types$/, replacement: source('shared-types/src/index.ts') },
  { find: /^@wxtpl\/emulator$/, replacement: source('emulator/src/index.ts') },
  { find: /^@wxtpl\/emulator\/wx$/, replacement: source('emulator/src/wx-runtime/index.ts') },
  { find: /^@wxtpl\/server-sdk$/, replacement: source('server-sdk/src/index.ts') },
  { find: /^@wxtpl\/miniprogram-sdk$/, replacement: source('miniprogram-sdk/src/index.ts') },
];
