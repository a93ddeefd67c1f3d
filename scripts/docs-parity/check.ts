// `pnpm check:docs-parity`: every translated Markdown file (`X.zh-CN.md` beside `X.md`) in step
// with its original, and a translation for each file of REQUIRED_TRANSLATIONS (pairs.ts).
//
//   pnpm check:docs-parity           one line per pair, then each problem as FILE:LINE: message
//   pnpm check:docs-parity --json    the report as JSON ({ ok, pairs, missing })
//
// A pair is in step when:
//   - both carry the language switch above their first `##` section: a line with the link to
//     the other (`English | [简体中文](X.zh-CN.md)` in the original, `[English](X.md) | 简体中文`
//     in the translation);
//   - their headings have the same levels in the same order (same count, same sequence);
//   - their code blocks are the same, in the same order, with the same language; comments
//     (`//`, `/* */` in JS/TS, `#` in shell) and blank lines may differ, nothing else;
//   - every relative link of either file leads to an existing file, and every #anchor to a
//     heading of the file it points into (GitHub's anchors: Chinese headings keep their
//     characters).
// Exit status 1 when anything is out of step or missing.
import { ROOT } from '../lib/workspace.ts';
import { checkParity, REQUIRED_TRANSLATIONS } from './pairs.ts';
import { formatReport } from './report.ts';

const report = checkParity(ROOT, REQUIRED_TRANSLATIONS);
if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
else (report.ok ? console.log : console.error)(formatReport(report));
process.exitCode = report.ok ? 0 : 1;
