import type { LibraryTitle } from '@wxtpl/shared-types';

/** A rule number of the 审核说明 (review rules) of WeChat's template-message document, or `limit`. */
export type LintRule =
  | '1.1'
  | '1.2'
  | '1.3'
  | '1.4'
  | '1.5'
  | '1.6'
  | '2.1'
  | '2.2'
  | '2.3'
  | '2.4'
  | '2.5'
  | 'limit';

/** `error`: the review would refuse it; `warning`: likely refused, a human should look. */
export type LintSeverity = 'error' | 'warning';

/** One problem found in a template proposal. */
export interface LintFinding {
  rule: LintRule;
  severity: LintSeverity;
  /** Where: `title`, `keywords[2].name`, `keywords[0].example`. */
  path: string;
  message: string;
}

/** A template title and its keywords, as proposed on mp.weixin.qq.com. */
export interface TemplateProposal {
  title: string;
  keywords: { name: string; example: string }[];
}

/** The lint verdict: `ok` when no finding is an error. */
export interface LintReport {
  ok: boolean;
  findings: LintFinding[];
}

/** Options of `lintTemplateProposal`. */
export interface LintOptions {
  /**
   * The public template library's titles (`client.templates.library.all()`): checks rules 1.1 (the
   * title exists) and 1.2 (a title is overly similar). Without it those two are not checked.
   */
  library?: readonly LibraryTitle[];
}
