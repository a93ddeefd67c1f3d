// Removing a temporary folder full of node_modules takes this machine's disk a minute or more
// (tens of thousands of files), while the folder's contents no longer matter to anyone: a check
// hands it to a detached `rm -rf` and carries on, or ends, without waiting.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Removes `path` (recursively) in a detached process that outlives this one. */
export function removeInBackground(path: string): void {
  if (!existsSync(path)) return;
  spawn('rm', ['-rf', path], { detached: true, stdio: 'ignore' }).unref();
}
