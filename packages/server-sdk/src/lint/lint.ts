import { InvalidArgumentError, TEMPLATE_KEYWORDS_MAX } from '@wxtpl/shared-types';
import type { LintFinding, LintReport, TemplateProposal } from './types.js';
import { BROAD_KEYWORDS, MARKETING_TERMS, NUMERIC_KEYWORD_HINTS } from './vocabulary.js';

// Letters, digits, CJK and the few separators WeChat's own library titles use; anything else
// (emoji, !, 【】, ~, ★, quotes…) is a "special symbol" of rules 1.4 and 2.3.
const ALLOWED_TEXT = /^[\p{Script=Han}\p{L}\p{N}（）()·\-/ ]+$/u;
const SPECIAL = /[^\p{Script=Han}\p{L}\p{N}（）()·\-/ ]/gu;

/**
 * Checks a template proposal against the review rules of WeChat's document that a program can
 * check: 1.3 title ending, 1.4/2.3 special symbols, 1.6 marketing, 2.1/2.2 duplicate or
 * near-duplicate keywords, 2.4 examples matching their keyword, 2.5 overly broad keywords.
 * Rules about meaning (1.1, 1.2, 1.5) need a human and are not checked.
 */
export function lintTemplateProposal(proposal: TemplateProposal): LintReport {
  checkShape(proposal);
  const findings: LintFinding[] = [];
  const title = proposal.title.trim();
  lintTitle(title, findings);
  lintKeywords(proposal.keywords, findings);
  return { ok: findings.every((f) => f.severity !== 'error'), findings };
}

function lintTitle(title: string, findings: LintFinding[]): void {
  if (!title.endsWith('提醒') && !title.endsWith('通知')) {
    findings.push({
      rule: '1.3',
      severity: 'error',
      path: 'title',
      message: `the title must end with 提醒 or 通知: "${title}"`,
    });
  }
  const symbols = specialSymbols(title);
  if (symbols.length > 0) {
    findings.push({
      rule: '1.4',
      severity: 'error',
      path: 'title',
      message: `the title contains special symbols: ${symbols.join(' ')}`,
    });
  }
  const terms = marketingTerms(title);
  if (terms.length > 0) {
    findings.push({
      rule: '1.6',
      severity: 'error',
      path: 'title',
      message: `the title is about marketing (${terms.join('、')}); marketing templates are refused`,
    });
  }
}

function lintKeywords(keywords: TemplateProposal['keywords'], findings: LintFinding[]): void {
  if (keywords.length === 0 || keywords.length > TEMPLATE_KEYWORDS_MAX) {
    findings.push({
      rule: 'limit',
      severity: 'error',
      path: 'keywords',
      message: `a template has 1 to ${TEMPLATE_KEYWORDS_MAX} keywords, got ${keywords.length}`,
    });
  }
  const names = keywords.map((k) => normalize(k.name));
  keywords.forEach((keyword, i) => {
    const at = `keywords[${i}]`;
    const name = keyword.name.trim();
    const example = keyword.example.trim();
    const symbols = specialSymbols(name);
    if (symbols.length > 0) {
      findings.push({
        rule: '2.3',
        severity: 'error',
        path: `${at}.name`,
        message: `keyword "${name}" contains special symbols: ${symbols.join(' ')}`,
      });
    }
    if (BROAD_KEYWORDS.includes(names[i] as string)) {
      findings.push({
        rule: '2.5',
        severity: 'error',
        path: `${at}.name`,
        message: `keyword "${name}" is too broad; say what it holds (e.g. 失败原因 rather than 内容)`,
      });
    }
    const terms = marketingTerms(name);
    if (terms.length > 0) {
      findings.push({
        rule: '1.6',
        severity: 'warning',
        path: `${at}.name`,
        message: `keyword "${name}" suggests marketing (${terms.join('、')})`,
      });
    }
    lintExample(name, example, at, findings);
    for (let j = 0; j < i; j++) {
      const other = names[j] as string;
      const mine = names[i] as string;
      if (other === mine) {
        findings.push({
          rule: '2.1',
          severity: 'error',
          path: `${at}.name`,
          message: `keyword "${name}" repeats keywords[${j}]`,
        });
      } else if (nearDuplicates(other, mine)) {
        findings.push({
          rule: '2.2',
          severity: 'warning',
          path: `${at}.name`,
          message: `keyword "${name}" is too similar to "${keywords[j]?.name.trim()}" (keywords[${j}])`,
        });
      }
    }
  });
}

function lintExample(name: string, example: string, at: string, findings: LintFinding[]): void {
  if (example === '') {
    findings.push({
      rule: '2.4',
      severity: 'error',
      path: `${at}.example`,
      message: `keyword "${name}" needs an example that matches it`,
    });
    return;
  }
  if (normalize(example) === normalize(name)) {
    findings.push({
      rule: '2.4',
      severity: 'error',
      path: `${at}.example`,
      message: `the example of "${name}" repeats the keyword instead of showing a value`,
    });
    return;
  }
  const hint = NUMERIC_KEYWORD_HINTS.find((h) => name.includes(h));
  if (hint !== undefined && !/[0-9０-９一二三四五六七八九十百千万]/.test(example)) {
    findings.push({
      rule: '2.4',
      severity: 'warning',
      path: `${at}.example`,
      message: `keyword "${name}" (${hint}) expects a number in its example, got "${example}"`,
    });
  }
}

function specialSymbols(text: string): string[] {
  if (ALLOWED_TEXT.test(text)) return [];
  return [...new Set(text.match(SPECIAL) ?? [])];
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

/** Full-width letters and digits folded to ASCII, lower case, spaces removed. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * Rule 2.2 heuristics: one name inside the other (时间 / 下单时间), or the same length and one
 * character apart (下单时间 / 下单日期 is fine at two apart; 支付金额 / 付款金额 is two; 订单号 /
 * 订单编号 is an insertion).
 */
function nearDuplicates(a: string, b: string): boolean {
  if (a.length >= 2 && b.length >= 2 && (a.includes(b) || b.includes(a))) return true;
  return Math.min(a.length, b.length) >= 3 && editDistance(a, b) <= 1;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] as number;
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
