// Which files must have a translation, and which pairs exist: every `X.zh-CN.md` in the repository
// is the translation of the `X.md` beside it.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { comparePair, type Problem, translationOf } from './compare.ts';

/**
 * Files that must have a `.zh-CN.md` translation beside them (root-relative). Any other file with
 * one is checked too.
 */
export const REQUIRED_TRANSLATIONS: readonly string[] = [
  'README.md',
  'packages/emulator/README.md',
  'packages/miniprogram-sdk/README.md',
  'packages/server-sdk/README.md',
  'packages/shared-types/README.md',
  'docs/FAQ.md',
  'examples/ecosystem/README.md',
  'examples/miniprogram/README.md',
  'examples/server/README.md',
  'examples/testkit/README.md',
];

/** Generated folders (git-ignored): TypeDoc copies the READMEs' linked files into docs/api/media. */
const GENERATED = new Set(['docs/api']);

const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'miniprogram_dist',
  'miniprogram_npm',
  '.turbo',
  'coverage',
  'test-artifacts',
  '.readme-snippets',
  '.next',
]);
const TRANSLATION = '.zh-CN.md';

export interface PairReport {
  original: string;
  translation: string;
  problems: Problem[];
}

export interface ParityReport {
  ok: boolean;
  pairs: PairReport[];
  /** Problems that belong to no existing pair: a required translation or an original missing. */
  missing: Problem[];
}

export function checkParity(root: string, required: readonly string[]): ParityReport {
  const translations = new Set(findTranslations(root));
  const missing: Problem[] = [];
  for (const original of required) {
    const translation = translationOf(original);
    if (!existsSync(join(root, original))) {
      missing.push({
        kind: 'missing-original',
        file: original,
        line: null,
        message: `${original} is required, and missing`,
      });
    } else if (!translations.has(translation)) {
      missing.push({
        kind: 'missing-translation',
        file: translation,
        line: null,
        message: `${original} has no translation: write ${translation}`,
      });
    }
  }
  const pairs: PairReport[] = [];
  for (const translation of [...translations].sort()) {
    const original = `${translation.slice(0, -TRANSLATION.length)}.md`;
    if (!existsSync(join(root, original))) {
      missing.push({
        kind: 'missing-original',
        file: translation,
        line: null,
        message: `${translation} translates ${original}, which does not exist`,
      });
      continue;
    }
    pairs.push({ original, translation, problems: comparePair(root, original, translation) });
  }
  const ok = missing.length === 0 && pairs.every((pair) => pair.problems.length === 0);
  return { ok, pairs, missing };
}

/** Root-relative paths (with `/`) of every `*.zh-CN.md`, outside build output and dependencies. */
function findTranslations(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const path = join(dir, entry.name);
        if (
          !SKIPPED_DIRS.has(entry.name) &&
          !GENERATED.has(relative(root, path).split(sep).join('/'))
        ) {
          walk(path);
        }
      } else if (entry.name.endsWith(TRANSLATION)) {
        found.push(relative(root, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  walk(root);
  return found;
}
