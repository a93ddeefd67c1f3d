import {
  InvalidArgumentError,
  type LibraryTitle,
  TEMPLATE_KEYWORDS_MAX,
} from '@wxtpl/shared-types';
import {
  editDistance,
  normalizeText,
  TITLE_SIMILARITY_THRESHOLD,
  titleCore,
  titleSimilarity,
} from './similarity.js';
import type { LintFinding, LintOptions, LintReport, TemplateProposal } from './types.js';
import {
  BROAD_KEYWORDS,
  GENERIC_TITLE_WORDS,
  MARKETING_TERMS,
  NUMERIC_KEYWORD_HINTS,
} from './vocabulary.js';

// Letters, digits, CJK and the few separators WeChat's own library titles use; anything else
// (emoji, !, 【】, ~, ★, quotes…) is a "special symbol" of rules 1.4 and 2.3.
const ALLOWED_TEXT = /^[\p{Script=Han}\p{L}\p{N}（）()·\-/ ]+$/u;
const SPECIAL = /[^\p{Script=Han}\p{L}\p{N}（）()·\-/ ]/gu;

/**
 * Checks a template proposal against the review rules of WeChat's document that a program can
 * check: 1.3 title ending, 1.4/2.3 special symbols, 1.5 a title that names no service (a
 * warning heuristic), 1.6 marketing, 2.1/2.2 duplicate or near-duplicate keywords, 2.4 examples
 * matching their keyword, 2.5 overly broad keywords; with `options.library` (the public library's
 * titles), 1.1 an existing title and 1.2 an overly similar one.
 */
export function lintTemplateProposal(
  proposal: TemplateProposal,
  options: LintOptions = {},
): LintReport {
  checkShape(proposal);
  const findings: LintFinding[] = [];
  const title = proposal.title.trim();
  if (options.library !== undefined) lintAgainstLibrary(title, options.library, findings);
  lintTitle(title, findings);
  lintKeywords(proposal.keywords, findings);
  return { ok: findings.every((f) => f.severity !== 'error'), findings };
}

/** Rules 1.1 (the same title exists: error) and 1.2 (an overly similar one exists: warning). */
function lintAgainstLibrary(
  title: string,
  library: readonly LibraryTitle[],
  findings: LintFinding[],
): void {
  const report = reportAt(findings, 'title');
  const mine = normalizeText(title);
  const same = library.find((entry) => normalizeText(entry.title) === mine);
  if (same !== undefined) {
    report(
      '1.1',
      'error',
      `the library already has this title: ${same.title} (${same.id}); use it with \`wxtpl templates add ${same.id} …\``,
    );
    return;
  }
  const similar = library
    .map((entry) => ({ entry, score: titleSimilarity(title, entry.title) }))
    .filter((m) => m.score >= TITLE_SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  if (similar.length > 0) {
    const names = similar
      .map((m) => `${m.entry.title} (${m.entry.id}, ${m.score.toFixed(2)})`)
      .join(', ');
    report(
      '1.2',
      'warning',
      `the title is very similar to library titles: ${names}; similarity ≥ ${TITLE_SIMILARITY_THRESHOLD} is likely refused, use the library title instead`,
    );
  }
}

function lintTitle(title: string, findings: LintFinding[]): void {
  const report = reportAt(findings, 'title');
  if (!title.endsWith('提醒') && !title.endsWith('通知')) {
    report('1.3', 'error', `the title must end with 提醒 or 通知: "${title}"`);
  }
  const symbols = specialSymbols(title);
  if (symbols.length > 0) {
    report('1.4', 'error', `the title contains special symbols: ${symbols.join(' ')}`);
  }
  if (namesNoService(title)) {
    report(
      '1.5',
      'warning',
      `the title names no service scenario ("${title}"); say what happened, e.g. 订单发货提醒 (heuristic: a human decides)`,
    );
  }
  const terms = marketingTerms(title);
  if (terms.length > 0) {
    report(
      '1.6',
      'error',
      `the title is about marketing (${terms.join('、')}); marketing templates are refused`,
    );
  }
}

function lintKeywords(keywords: TemplateProposal['keywords'], findings: LintFinding[]): void {
  const report = reportAt(findings, 'keywords');
  if (keywords.length === 0 || keywords.length > TEMPLATE_KEYWORDS_MAX) {
    report(
      'limit',
      'error',
      `a template has 1 to ${TEMPLATE_KEYWORDS_MAX} keywords, got ${keywords.length}`,
    );
  }
  const names = keywords.map((k) => normalizeText(k.name));
  keywords.forEach((keyword, i) => {
    const at = `keywords[${i}]`;
    const reportName = reportAt(findings, `${at}.name`);
    const name = keyword.name.trim();
    const example = keyword.example.trim();
    const symbols = specialSymbols(name);
    if (symbols.length > 0) {
      reportName(
        '2.3',
        'error',
        `keyword "${name}" contains special symbols: ${symbols.join(' ')}`,
      );
    }
    if (BROAD_KEYWORDS.includes(names[i] as string)) {
      reportName(
        '2.5',
        'error',
        `keyword "${name}" is too broad; say what it holds (e.g. 失败原因 rather than 内容)`,
      );
    }
    const terms = marketingTerms(name);
    if (terms.length > 0) {
      reportName('1.6', 'warning', `keyword "${name}" suggests marketing (${terms.join('、')})`);
    }
    lintExample(name, example, at, findings);
    for (let j = 0; j < i; j++) {
      const other = names[j] as string;
      const mine = names[i] as string;
      if (other === mine) {
        reportName('2.1', 'error', `keyword "${name}" repeats keywords[${j}]`);
      } else if (nearDuplicates(other, mine)) {
        reportName(
          '2.2',
          'warning',
          `keyword "${name}" is too similar to "${keywords[j]?.name.trim()}" (keywords[${j}])`,
        );
      }
    }
  });
}

function lintExample(name: string, example: string, at: string, findings: LintFinding[]): void {
  const report = reportAt(findings, `${at}.example`);
  if (example === '') {
    report('2.4', 'error', `keyword "${name}" needs an example that matches it`);
    return;
  }
  if (normalizeText(example) === normalizeText(name)) {
    report(
      '2.4',
      'error',
      `the example of "${name}" repeats the keyword instead of showing a value`,
    );
    return;
  }
  const hint = NUMERIC_KEYWORD_HINTS.find((h) => name.includes(h));
  if (hint !== undefined && !/[0-9０-９一二三四五六七八九十百千万]/.test(example)) {
    report(
      '2.4',
      'warning',
      `keyword "${name}" (${hint}) expects a number in its example, got "${example}"`,
    );
  }
}

/** Adds findings at `path` to `findings`. */
function reportAt(findings: LintFinding[], path: string) {
  return (rule: LintFinding['rule'], severity: LintFinding['severity'], message: string): void => {
    findings.push({ rule, severity, path, message });
  };
}

function specialSymbols(text: string): string[] {
  if (ALLOWED_TEXT.test(text)) return [];
  return [...new Set(text.match(SPECIAL) ?? [])];
}

/**
 * Rule 1.5 heuristic: once the ending and the generic words (系统, 消息, 重要, …) are taken out,
 * nothing says which service the message is about (系统通知, 重要消息提醒).
 */
function namesNoService(title: string): boolean {
  let rest = titleCore(title);
  for (const word of GENERIC_TITLE_WORDS) rest = rest.split(word).join('');
  return rest.replace(/[^\p{L}\p{N}]/gu, '') === '';
}

function marketingTerms(text: string): string[] {
  const found: string[] = [];
  let rest = text;
  for (const term of MARKETING_TERMS) {
    if (rest.includes(term)) {
      found.push(term);
      rest = rest.split(term).join(' ');
    }
  }
  return found;
}

/**
 * Rule 2.2 heuristics: one name inside the other (时间 / 下单时间), or the same length and one
 * character apart (下单时间 / 下单日期 is fine at two apart; 支付金额 / 付款金额 is two; 订单号 /
 * 订单编号 is an insertion).
 */
function nearDuplicates(a: string, b: string): boolean {
  if (a.length >= 2 && b.length >= 2 && (a.includes(b) || b.includes(a))) return true;
  return Math.min(a.length, b.length) >= 3 && editDistance([...a], [...b]) <= 1;
}

function checkShape(proposal: unknown): asserts proposal is TemplateProposal {
  if (typeof proposal !== 'object' || proposal === null) {
    throw new InvalidArgumentError('expected { title, keywords: [{ name, example }] }', 'proposal');
  }
  const { title, keywords } = proposal as Partial<TemplateProposal>;
  if (typeof title !== 'string') {
    throw new InvalidArgumentError('title must be a string', 'title');
  }
  if (!Array.isArray(keywords)) {
    throw new InvalidArgumentError('keywords must be an array of { name, example }', 'keywords');
  }
  keywords.forEach((keyword: unknown, i) => {
    const k = keyword as { name?: unknown; example?: unknown } | null;
    if (typeof k !== 'object' || k === null || typeof k.name !== 'string') {
      throw new InvalidArgumentError(`keywords[${i}].name must be a string`, `keywords[${i}].name`);
    }
    if (typeof k.example !== 'string') {
      throw new InvalidArgumentError(
        `keywords[${i}].example must be a string`,
        `keywords[${i}].example`,
      );
    }
  });
}
