export { lintTemplateProposal } from './lint.js';
export type { LintFinding, LintReport, LintRule, LintSeverity, TemplateProposal } from './types.js';
