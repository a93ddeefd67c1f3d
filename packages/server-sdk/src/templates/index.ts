export {
  SubscribeTemplatesApi,
  type SubscribeTitlesQuery,
} from './subscribe-templates.js';
export { TemplateLibraryApi, TemplatesApi } from './templates.js';
export type {
  DefinitionKind,
  VerifiableDefinition,
  VerifyIssue,
  VerifyIssueCode,
  VerifyReport,
} from './verify.js';
export type { PageProgress, WalkOptions } from './walk.js';
