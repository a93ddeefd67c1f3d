export {
  type PageProgress,
  TemplateLibraryApi,
  TemplatesApi,
  type WalkOptions,
} from './templates.js';
