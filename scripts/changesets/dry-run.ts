// `pnpm version-packages:dry`: what `pnpm version-packages` would do now — each published
// package's next version and the CHANGELOG entry it would get, and the starters' ranges — worked
// out on a throwaway copy (scripts/lib/changesets.ts). Nothing in the repository changes.
//
//   pnpm version-packages:dry            human-readable
//   pnpm version-packages:dry --json     the whole run as JSON
import { versionInCopy } from '../lib/changesets.ts';

const run = versionInCopy();
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(run, null, 2));
  process.exit(0);
}

console.log(
  `${run.pending.length} pending changeset(s): ${run.pending.map((c) => c.file).join(', ') || 'none'}`,
);
console.log('(commit ids below are those of the throwaway copy, not of this repository)');
for (const pkg of run.packages.filter((p) => !p.private)) {
  console.log(`\n${pkg.name}: ${pkg.before} → ${pkg.after}`);
  const entry = pkg.changelog?.split(/^## /m)[1];
  if (pkg.before !== pkg.after && entry !== undefined) {
    console.log(`  CHANGELOG.md:\n${`## ${entry.trim()}`.replace(/^/gm, '    ')}`);
  }
}
const ranges = run.packages
  .filter((p) => p.private)
  .flatMap((p) =>
    Object.entries(p.ranges)
      .filter(([, range]) => !range.startsWith('workspace:'))
      .map(([name, range]) => `  ${p.dir}: ${name} ${range}`),
  );
if (ranges.length > 0) console.log(`\nPrivate packages' ranges afterwards:\n${ranges.join('\n')}`);
