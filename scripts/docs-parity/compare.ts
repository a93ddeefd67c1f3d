// Compares a Markdown file with its translation: the same heading tree (levels in the same order),
// the same code blocks (comments aside), the language switch at the top of each, and links that
// lead somewhere (relative files exist, #anchors name a heading of the file they point into).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { anchorsOf } from './anchors.ts';
import { significantLines } from './code.ts';
import { type CodeBlock, type Heading, type MarkdownOutline, outline } from './markdown.ts';

export type ProblemKind =
  | 'missing-translation'
  | 'missing-original'
  | 'language-switch'
  | 'headings'
  | 'code-blocks'
  | 'code-block'
  | 'broken-link';

export interface Problem {
  kind: ProblemKind;
  /** Root-relative path of the file the problem is in (for a pair: where to look first). */
  file: string;
  /** 1-based, or null for the whole file. */
  line: number | null;
  message: string;
}

/**
 * The switch each file of a pair carries above its first section: the line to write, and the link
 * that makes a line the switch (either order of the two languages is accepted).
 */
export function languageSwitch(original: string, translation: string) {
  return {
    original: {
      line: `English | [简体中文](${basename(translation)})`,
      link: `[简体中文](${basename(translation)})`,
    },
    translation: {
      line: `[English](${basename(original)}) | 简体中文`,
      link: `[English](${basename(original)})`,
    },
  };
}

/** `README.md` → `README.zh-CN.md`. */
export function translationOf(original: string): string {
  return original.replace(/\.md$/, '.zh-CN.md');
}

/** Problems of one pair; paths are root-relative. Both files must exist. */
export function comparePair(root: string, original: string, translation: string): Problem[] {
  const en = outline(readFileSync(join(root, original), 'utf8'));
  const zh = outline(readFileSync(join(root, translation), 'utf8'));
  const switches = languageSwitch(original, translation);
  return [
    ...checkSwitch(original, en, switches.original),
    ...checkSwitch(translation, zh, switches.translation),
    ...compareHeadings(original, en.headings, translation, zh.headings),
    ...compareBlocks(original, en.blocks, translation, zh.blocks),
    ...checkLinks(root, original, en),
    ...checkLinks(root, translation, zh),
  ];
}

function checkSwitch(
  file: string,
  doc: MarkdownOutline,
  expected: { line: string; link: string },
): Problem[] {
  if (doc.top.some((line) => line.includes(expected.link))) return [];
  return [
    {
      kind: 'language-switch',
      file,
      line: null,
      message: `no language switch above the first section: add the line "${expected.line}"`,
    },
  ];
}

function compareHeadings(
  original: string,
  en: readonly Heading[],
  translation: string,
  zh: readonly Heading[],
): Problem[] {
  const first = firstDifference(en, zh, (a, b) => a.level === b.level);
  if (first === null) return [];
  const a = en[first];
  const b = zh[first];
  const counts =
    en.length === zh.length
      ? ''
      : ` (${en.length} headings against ${zh.length}; first difference)`;
  return [
    {
      kind: 'headings',
      file: a ? translation : original,
      line: b?.line ?? null,
      message:
        `heading ${first + 1} differs${counts}: ${describeHeading(original, a)} ` +
        `but ${describeHeading(translation, b)}`,
    },
  ];
}

function describeHeading(file: string, heading: Heading | undefined): string {
  if (!heading) return `${file} has no heading there`;
  return `${file}:${heading.line} is "${'#'.repeat(heading.level)} ${heading.text}"`;
}

function compareBlocks(
  original: string,
  en: readonly CodeBlock[],
  translation: string,
  zh: readonly CodeBlock[],
): Problem[] {
  const problems: Problem[] = [];
  if (en.length !== zh.length) {
    problems.push({
      kind: 'code-blocks',
      file: translation,
      line: null,
      message: `${en.length} code blocks in ${original}, ${zh.length} here`,
    });
  }
  const count = Math.min(en.length, zh.length);
  for (let index = 0; index < count; index += 1) {
    const a = en[index] as CodeBlock;
    const b = zh[index] as CodeBlock;
    const difference = blockDifference(a, b);
    if (difference === null) continue;
    problems.push({
      kind: 'code-block',
      file: translation,
      line: b.line,
      message: `code block ${index + 1} differs from ${original}:${a.line}: ${difference}`,
    });
    // Once the counts differ, later blocks are misaligned: the first difference says enough.
    if (en.length !== zh.length) break;
  }
  return problems;
}

function blockDifference(a: CodeBlock, b: CodeBlock): string | null {
  if (a.lang !== b.lang) return `fenced as "${a.lang}" there, "${b.lang}" here`;
  const left = significantLines(a.lang, a.lines);
  const right = significantLines(b.lang, b.lines);
  const first = firstDifference(left, right, (x, y) => x.text === y.text);
  if (first === null) return null;
  const x = left[first];
  const y = right[first];
  const there = x ? `line ${a.line + 1 + x.index} "${x.text.trim()}"` : 'nothing more';
  const here = y ? `line ${b.line + 1 + y.index} "${y.text.trim()}"` : 'nothing more';
  return `${there} there, ${here} here (comments and blank lines aside)`;
}

function firstDifference<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a[index];
    const y = b[index];
    if (x === undefined || y === undefined || !same(x, y)) return index;
  }
  return null;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function checkLinks(root: string, file: string, doc: MarkdownOutline): Problem[] {
  const problems: Problem[] = [];
  const anchorCache = new Map<string, Set<string>>();
  for (const link of doc.links) {
    if (EXTERNAL.test(link.target)) continue;
    const hash = link.target.indexOf('#');
    const path = hash === -1 ? link.target : link.target.slice(0, hash);
    const fragment = hash === -1 ? '' : decodeURIComponent(link.target.slice(hash + 1));
    const target = path === '' ? join(root, file) : resolve(root, dirname(file), path);
    const shown = relative(root, target);
    if (shown.startsWith('..') || !existsSync(target)) {
      problems.push({
        kind: 'broken-link',
        file,
        line: link.line,
        message: `link to ${link.target}: no such file`,
      });
      continue;
    }
    if (fragment === '' || !target.endsWith('.md') || !statSync(target).isFile()) continue;
    let anchors = anchorCache.get(target);
    if (!anchors) {
      anchors = anchorsOf(outline(readFileSync(target, 'utf8')).headings);
      anchorCache.set(target, anchors);
    }
    if (!anchors.has(fragment)) {
      problems.push({
        kind: 'broken-link',
        file,
        line: link.line,
        message: `link to ${link.target}: ${shown} has no heading with the anchor #${fragment}`,
      });
    }
  }
  return problems;
}
