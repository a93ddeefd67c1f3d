// `pnpm version-packages` works without publishing: run on a throwaway copy of the manifests and
// the pending changesets, it bumps exactly the published packages the changesets name (and their
// dependents), writes each a CHANGELOG entry with every summary, leaves private packages'
// versions alone, and keeps every starter's @wxtpl range on the new versions.
import { describe, expect, it } from 'vitest';
import { type PendingChangeset, pendingChangesets, versionInCopy } from '../lib/changesets.ts';
import { publishedPackages } from '../lib/workspace.ts';

// The repository's pending changesets, plus a probe patching every published package, so that the
// check has something to apply after a release has consumed them all.
const PROBE = 'A probe of the version step (scripts/test/changesets.test.ts); never committed.';
const run = versionInCopy({
  extra: [
    {
      bumps: Object.fromEntries(publishedPackages().map((p) => [p.manifest.name, 'patch'])),
      summary: PROBE,
    },
  ],
});
const published = run.packages.filter((p) => !p.private);
const byName = new Map(run.packages.map((p) => [p.name, p]));

const RANK = { patch: 0, minor: 1, major: 2 } as const;
type Bump = keyof typeof RANK;

/** x.y.z bumped as semver says. */
function bump(version: string, kind: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (kind === 'major') return `${major + 1}.0.0`;
  if (kind === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Whether a caret range (`^0.2.0`) admits a version, with caret's 0.x rules. */
function caretAdmits(range: string, version: string): boolean {
  const base = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range)?.slice(1).map(Number);
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  if (base === undefined) return false;
  const [x = 0, y = 0, z = 0] = base;
  const atLeast = a > x || (a === x && (b > y || (b === y && c >= z)));
  if (x > 0) return a === x && atLeast;
  if (y > 0) return a === 0 && b === y && atLeast;
  return a === 0 && b === 0 && c === z;
}

/** The highest bump the changesets ask of each package. */
function asked(pending: PendingChangeset[]): Map<string, Bump> {
  const wanted = new Map<string, Bump>();
  for (const changeset of pending) {
    for (const [name, kind] of Object.entries(changeset.bumps)) {
      const known = wanted.get(name);
      if (known === undefined || RANK[kind] > RANK[known]) wanted.set(name, kind);
    }
  }
  return wanted;
}

describe('pnpm version-packages (on a copy)', () => {
  it("applies the repository's changesets and the probe, each naming only published packages", () => {
    expect(run.pending.map((c) => c.file).sort()).toEqual(
      [...pendingChangesets().map((c) => c.file), 'extra-0.md'].sort(),
    );
    for (const changeset of run.pending) {
      for (const name of Object.keys(changeset.bumps)) {
        expect(byName.get(name)?.private, `${changeset.file}: ${name} is published`).toBe(false);
      }
    }
  });

  it('bumps each named package as asked, and consumes the changesets', () => {
    const wanted = asked(run.pending);
    for (const [name, kind] of wanted) {
      const pkg = byName.get(name);
      expect(pkg?.after, name).toBe(bump(pkg?.before ?? '', kind));
    }
    expect(run.left).toEqual(['README.md']);
  });

  it('writes a CHANGELOG entry under the new version with every summary naming the package', () => {
    for (const pkg of published.filter((p) => p.before !== p.after)) {
      const entry = pkg.changelog?.split(/^## /m)[1] ?? '';
      expect(entry.startsWith(`${pkg.after}\n`), pkg.name).toBe(true);
      for (const changeset of run.pending.filter((c) => pkg.name in c.bumps)) {
        expect(entry, `${pkg.name}: ${changeset.file}`).toContain(changeset.summary);
      }
    }
  });

  it('never versions a private package nor writes it a CHANGELOG', () => {
    for (const pkg of run.packages.filter((p) => p.private)) {
      expect(pkg.after, pkg.dir).toBe(pkg.before);
      expect(pkg.changelog, pkg.dir).toBeNull();
    }
  });

  it("keeps every starter's @wxtpl range on the versions it would publish", () => {
    for (const pkg of run.packages) {
      for (const [name, range] of Object.entries(pkg.ranges)) {
        if (range.startsWith('workspace:')) continue;
        const target = byName.get(name);
        expect(caretAdmits(range, target?.after ?? ''), `${pkg.dir}: ${name}@${range}`).toBe(true);
      }
    }
  });
});
