import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY_POINTS = new Set(['index.ts', 'cli.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** A module's unit: its top folder under src/, or the file itself for a file at the top. */
function unitOf(src: string, file: string): string {
  const [first, ...rest] = relative(src, file).split('/');
  return rest.length === 0 ? (first as string) : `${first}/`;
}

/** unit → units it imports (relative imports only; entry points left out). */
function unitGraph(src: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    if (!file.endsWith('.ts') || ENTRY_POINTS.has(relative(src, file))) continue;
    const from = unitOf(src, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = resolve(dirname(file), (spec as string).replace(/\.js$/, '.ts'));
      const to = unitOf(src, target);
      if (to !== from && !ENTRY_POINTS.has(to)) edges.add(to);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (unit: string): string[] | undefined => {
    if (state.get(unit) === 'done') return undefined;
    if (state.get(unit) === 'open') return [...path.slice(path.indexOf(unit)), unit];
    state.set(unit, 'open');
    path.push(unit);
    for (const next of graph.get(unit) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(unit, 'done');
    return undefined;
  };
  for (const unit of graph.keys()) {
    const cycle = visit(unit);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('module layout', () => {
  it.each(['shared-types', 'miniprogram-sdk', 'server-sdk'])(
    '%s has no import cycle between the folders of src/',
    (name) => {
      const graph = unitGraph(join(PACKAGES, name, 'src'));
      expect(graph.size).toBeGreaterThan(2);
      expect(findCycle(graph)).toBeUndefined();
    },
  );

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a/', new Set(['b/'])],
      ['b/', new Set(['c/'])],
      ['c/', new Set(['a/'])],
    ]);
    expect(findCycle(graph)).toEqual(['a/', 'b/', 'c/', 'a/']);
  });
});
