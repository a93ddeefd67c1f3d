// `pnpm check:starters`: the examples are starters, so they must work copied out of the repository.
//
// Copies examples/miniprogram and examples/server (their git-tracked files) side by side into a
// temporary folder outside the repository, as the root README's "Start a new project from a copy"
// says, and installs each with npm: the `@wxtpl/*` packages from tarballs packed here (`pnpm pack`,
// exactly what would be published), everything else from the npm registry. Then it runs what the
// README runs in a copy: the mini-program's type check and tests, the server's type check and
// tests (which include the demo flow: the copied mini-program's pages, headless, with the SDK its
// own `npm install` put in place). Needs Redis on 127.0.0.1:6379 and Chromium, like `pnpm test`.
//
//   pnpm check:starters          build the packages (turbo, cached), pack, copy, install, test
//   pnpm check:starters --keep   and leave the temporary folder for inspection
import { join } from 'node:path';
import { copyOutCheck, copyTracked, npmInstallCommand, wxtplClosure } from '../lib/copy-out.ts';
import { ROOT, readManifest } from '../lib/workspace.ts';

const STARTERS = ['miniprogram', 'server'] as const;
/** The starters' own package of template definitions: copied and installed with them. */
const TEMPLATES = join(ROOT, 'examples', 'templates');
const STEPS: Record<(typeof STARTERS)[number], string[]> = {
  miniprogram: ['npm run typecheck', 'npm test'],
  server: ['npm run typecheck', 'npm test'],
};

await copyOutCheck(
  'starters',
  { timeoutMs: 20 * 60_000, extra: [{ dir: TEMPLATES, manifest: readManifest(TEMPLATES) }] },
  async ({ work, step, packed }) => {
    for (const starter of STARTERS) {
      const to = join(work, 'my-app', starter);
      const count = copyTracked(join(ROOT, 'examples', starter), to);
      console.log(`\n==> examples/${starter} copied to ${to} (${count} files)`);
    }
    for (const starter of STARTERS) {
      const dir = join(work, 'my-app', starter);
      const wanted = wxtplClosure(readManifest(dir), packed);
      await step(
        `${starter}: npm install (${wanted.join(', ')} from tarballs)`,
        npmInstallCommand(wanted, packed.tarballs),
        dir,
      );
      for (const command of STEPS[starter]) await step(`${starter}: ${command}`, command, dir);
    }
  },
);
