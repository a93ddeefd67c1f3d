import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProblemKind } from '../docs-parity/compare.ts';
import { checkParity, type ParityReport } from '../docs-parity/pairs.ts';
import { ROOT } from '../lib/workspace.ts';

const ORIGINAL = `# pkg

English | [简体中文](README.zh-CN.md)

Intro, see [Stores](#stores) and [the guide](docs/GUIDE.md#setup).

## Install

\`\`\`sh
pnpm add pkg   # the package
\`\`\`

## Stores

\`\`\`ts
// Every option is optional.
const store = createRedisStore('redis://127.0.0.1:6379', { prefix: 'wxtpl:' });
/* shared */ const url = 'http://x/#frag';
\`\`\`

### Redis

Text.
`;

const TRANSLATION = `# pkg

[English](README.md) | 简体中文

简介，见[存储](#存储stores)和[指南](docs/GUIDE.md#setup)。

## 安装

\`\`\`sh
pnpm add pkg   # 安装包
\`\`\`

## 存储（Stores）

\`\`\`ts
// 所有选项都可省略。

const store = createRedisStore('redis://127.0.0.1:6379', { prefix: 'wxtpl:' }); // 共享
/* 共享 */ const url = 'http://x/#frag';
\`\`\`

### Redis

正文。
`;

const GUIDE = '# Guide\n\n## Setup\n';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary repository holding these files. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wxtpl-docs-parity-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The pair with one change to the translation. */
function check(translation: string, required: readonly string[] = ['README.md']): ParityReport {
  const root = fixture({
    'README.md': ORIGINAL,
    'README.zh-CN.md': translation,
    'docs/GUIDE.md': GUIDE,
  });
  return checkParity(root, required);
}

function kinds(report: ParityReport): ProblemKind[] {
  return [...report.missing, ...report.pairs.flatMap((pair) => pair.problems)].map((p) => p.kind);
}

function problems(report: ParityReport): string[] {
  return report.pairs.flatMap((pair) => pair.problems.map((p) => `${p.file}:${p.line} ${p.kind}`));
}

describe('the docs parity check', () => {
  it('passes a pair in step: translated comments, blank lines and Chinese anchors allowed', () => {
    const report = check(TRANSLATION);
    expect(report.pairs.map((pair) => pair.problems)).toEqual([[]]);
    expect(report).toMatchObject({ ok: true, missing: [] });
  });

  it('fails when a heading has another level', () => {
    const report = check(TRANSLATION.replace('### Redis', '## Redis'));
    expect(report.ok).toBe(false);
    expect(problems(report)).toEqual(['README.zh-CN.md:22 headings']);
    expect(report.pairs[0]?.problems[0]?.message).toContain(
      'README.md:21 is "### Redis" but README.zh-CN.md:22 is "## Redis"',
    );
  });

  it('fails when a section is missing', () => {
    const report = check(TRANSLATION.replace('### Redis\n', ''));
    expect(kinds(report)).toEqual(['headings']);
    expect(report.pairs[0]?.problems[0]?.message).toContain('4 headings against 3');
  });

  it('fails when code differs, even inside a string that holds // or #', () => {
    const changedUrl = check(TRANSLATION.replace('redis://127.0.0.1:6379', 'redis://localhost'));
    expect(problems(changedUrl)).toEqual(['README.zh-CN.md:15 code-block']);
    expect(changedUrl.pairs[0]?.problems[0]?.message).toContain('code block 2 differs');

    const changedFragment = check(TRANSLATION.replace("'http://x/#frag'", "'http://x/'"));
    expect(kinds(changedFragment)).toEqual(['code-block']);

    const changedCommand = check(TRANSLATION.replace('pnpm add pkg   # 安装包', 'npm i pkg'));
    expect(problems(changedCommand)).toEqual(['README.zh-CN.md:9 code-block']);
  });

  it('fails when a code block is missing or fenced with another language', () => {
    const missing = check(TRANSLATION.replace(/```sh[\s\S]*?```\n/, ''));
    expect(kinds(missing)).toEqual(['code-blocks', 'code-block']);
    const relabelled = check(TRANSLATION.replace('```sh', '```bash'));
    expect(kinds(relabelled)).toEqual(['code-block']);
  });

  it('fails when either file lacks the language switch', () => {
    const report = check(TRANSLATION.replace('[English](README.md) | 简体中文', 'English'));
    expect(problems(report)).toEqual(['README.zh-CN.md:null language-switch']);
    // Below the first section is too late.
    const late = check(
      TRANSLATION.replace('[English](README.md) | 简体中文\n', '').replace(
        '## 安装\n',
        '## 安装\n\n[English](README.md) | 简体中文\n',
      ),
    );
    expect(problems(late)).toEqual(['README.zh-CN.md:null language-switch']);
    // Either order of the two languages will do.
    const swapped = check(
      TRANSLATION.replace('[English](README.md) | 简体中文', '简体中文 | [English](README.md)'),
    );
    expect(swapped.ok).toBe(true);
  });

  it('fails on a link to a missing file or heading', () => {
    const report = check(
      TRANSLATION.replace('#存储stores', '#stores').replace('docs/GUIDE.md', 'docs/GUIDE.zh-CN.md'),
    );
    expect(problems(report)).toEqual([
      'README.zh-CN.md:5 broken-link',
      'README.zh-CN.md:5 broken-link',
    ]);
  });

  it('requires the listed translations, and an original for every translation', () => {
    const root = fixture({
      'README.md': ORIGINAL,
      'docs/GUIDE.md': GUIDE,
      'docs/ORPHAN.zh-CN.md': '# 孤儿\n',
    });
    const report = checkParity(root, ['README.md', 'docs/FAQ.md']);
    expect(report.ok).toBe(false);
    expect(report.missing.map((p) => `${p.file} ${p.kind}`)).toEqual([
      'README.zh-CN.md missing-translation',
      'docs/FAQ.md missing-original',
      'docs/ORPHAN.zh-CN.md missing-original',
    ]);
  });

  it("leaves generated output alone (TypeDoc's copies of linked files in docs/api)", () => {
    const root = fixture({
      'README.md': ORIGINAL,
      'docs/api/media/README.zh-CN.md': '# 副本\n',
    });
    expect(checkParity(root, []).missing).toEqual([]);
  });
});

describe('the repository', () => {
  it('has every translation in step (`pnpm check:docs-parity --json`)', async () => {
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/docs-parity/check.ts', '--json'],
        { cwd: ROOT },
        // A failing check exits 1: the report says why, and the assertions below show it.
        (_error, stdout) => resolve(stdout),
      );
    });
    const report = JSON.parse(output) as ParityReport;
    expect(report.pairs.map((pair) => pair.original).sort()).toEqual([
      'README.md',
      'docs/FAQ.md',
      'examples/ecosystem/README.md',
      'examples/miniprogram/README.md',
      'examples/server/README.md',
      'examples/testkit/README.md',
      'packages/emulator/README.md',
      'packages/miniprogram-sdk/README.md',
      'packages/server-sdk/README.md',
      'packages/shared-types/README.md',
    ]);
    expect(report.pairs.filter((pair) => pair.problems.length > 0)).toEqual([]);
    expect(report.missing).toEqual([]);
  });
});

describe('heading anchors', () => {
  it('keep what a code span shows and drop inline HTML and link syntax, as GitHub does', async () => {
    const { slug } = await import('../docs-parity/anchors.ts');
    expect(slug('Template messages: formIds from `<report-form>`')).toBe(
      'template-messages-formids-from-report-form',
    );
    expect(slug('模板消息：来自 `<report-form>` 的 formId')).toBe(
      '模板消息来自-report-form-的-formid',
    );
    expect(slug('Use <kbd>Ctrl</kbd> and [the CLI](cli.md)')).toBe('use-ctrl-and-the-cli');
  });
});
