import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (with a trailing separator). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The published packages, by folder name under `packages/`. */
export const PACKAGES = ['shared-types', 'emulator', 'server-sdk', 'miniprogram-sdk'] as const;
export type PackageName = (typeof PACKAGES)[number];

export function packageDir(name: PackageName): string {
  return join(REPO_ROOT, 'packages', name);
}

/** Where tests write what a human may want to look at afterwards (screenshots, logs). */
export function artifactsDir(name: PackageName | 'example-server' | 'reliability'): string {
  const base =
    name === 'example-server'
      ? join(REPO_ROOT, 'examples', 'server')
      : name === 'reliability'
        ? join(REPO_ROOT, 'reliability')
        : packageDir(name);
  return join(base, 'test-artifacts');
}
