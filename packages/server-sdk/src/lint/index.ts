export { lintTemplateProposal } from './lint.js';
export { TITLE_SIMILARITY_THRESHOLD, titleSimilarity } from './similarity.js';
export type {
  LintFinding,
  LintOptions,
  LintReport,
  LintRule,
  LintSeverity,
  TemplateProposal,
} from './types.js';
