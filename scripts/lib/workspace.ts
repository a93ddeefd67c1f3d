// The workspace's published packages, and their tarballs as `pnpm pack` makes them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  types?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  dir: string;
  manifest: PackageJson;
}

export function readManifest(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** packages/* that are published (not private), by name. */
export function publishedPackages(): WorkspacePackage[] {
  return readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(ROOT, 'packages', entry.name))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter((pkg) => pkg.manifest.private !== true);
}

/**
 * Packs a package as it would be published (`pnpm pack`: `workspace:` ranges replaced, the
 * repository's LICENSE added) into `destination`; resolves to the tarball's path. The package
 * must be built.
 */
export function pack(pkg: WorkspacePackage, destination: string): string {
  const output = execFileSync('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { filename } = JSON.parse(output.slice(output.indexOf('{'))) as { filename: string };
  return resolve(destination, filename);
}

/** The file paths inside a tarball (`package/LICENSE`, …). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** One file of a tarball, as text. */
export function tarballFile(tarball: string, path: string): string {
  return execFileSync('tar', ['-xzOf', tarball, path], { encoding: 'utf8' });
}
