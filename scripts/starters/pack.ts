// `pnpm pack:tarballs DEST`: builds the published packages (turbo, cached) and packs each, as it
// would be published (`pnpm pack`), into DEST as `wxtpl-<name>.tgz`. The README's "Start a new
// project from a copy" installs the copies from these until the packages are on the npm registry.
// DEST is relative to the repository's root (where pnpm runs the script).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { BUILD_PACKAGES, packAll } from '../lib/copy-out.ts';
import { ROOT } from '../lib/workspace.ts';

const destination = process.argv[2];
if (destination === undefined || destination.startsWith('-')) {
  process.stderr.write('usage: pnpm pack:tarballs DEST   (a folder; created when missing)\n');
  process.exit(2);
}
const folder = resolve(ROOT, destination);
execFileSync('bash', ['-c', BUILD_PACKAGES], { cwd: ROOT, stdio: 'inherit' });
console.log(`packing into ${folder}`);
packAll(folder);
