// The recipes' READMEs tell the truth: every line of wiring they show is in the recipe's source,
// the count they state is the count of those lines, and the index table agrees with them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RECIPES = join(import.meta.dirname, '..', '..');
const REPO = join(RECIPES, '..');
const read = (path: string) => readFileSync(path, 'utf8');

const recipes = readdirSync(RECIPES, { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && entry.name !== 'support' && entry.name !== 'node_modules',
  )
  .map((entry) => entry.name)
  .sort();

/** The lines of a README's ```ts blocks. */
function wiringBlock(readme: string): string[] {
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    (m[1] as string).split('\n'),
  );
}

/** A line that counts: not blank, not a comment, not only brackets and punctuation. */
const counts = (line: string) => /[A-Za-z]/.test(line) && !/^\s*\/\//.test(line);

/** The recipe's own source files (not its tests, builds or dependencies). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'test', 'dist', '.next', 'logs', 'run'].includes(entry.name)
        ? []
        : sources(path);
    }
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe.each(recipes)('recipes/%s', (recipe) => {
  const dir = join(RECIPES, recipe);
  const readme = read(join(dir, 'README.md'));
  const block = wiringBlock(readme);

  it('has a README, a package and a test', () => {
    expect(existsSync(join(dir, 'package.json'))).toBe(true);
    expect(readdirSync(join(dir, 'test')).some((file) => file.endsWith('.test.ts'))).toBe(true);
    expect(block.length).toBeGreaterThan(0);
  });

  it('shows wiring that is, line for line, in its source', () => {
    const code = new Set(
      sources(dir).flatMap((file) =>
        read(file)
          .split('\n')
          .map((line) => line.trim()),
      ),
    );
    const missing = block
      .map((line) => line.trim())
      .filter((line) => line !== '' && !code.has(line));
    expect(missing, `not in ${relative(REPO, dir)}'s source`).toEqual([]);
  });

  it('states how many lines of wiring it shows, as both tables of recipes do', () => {
    const lines = String(block.filter(counts).length);
    expect(/\*\*(\d+) lines? of wiring/.exec(readme)?.[1]).toBe(lines);
    const tables = {
      'recipes/README.md': `(${recipe}/README.md)`,
      'packages/server-sdk/README.md': `(../../recipes/${recipe}/README.md)`,
    };
    for (const [file, link] of Object.entries(tables)) {
      const row = read(join(REPO, file))
        .split('\n')
        .find((line) => line.startsWith('|') && line.includes(link));
      expect(row?.split('|').map((cell) => cell.trim())[2], `${file}: ${recipe}`).toBe(lines);
    }
  });
});
