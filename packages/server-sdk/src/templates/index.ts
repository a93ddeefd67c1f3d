export {
  type ApiCall,
  type PageProgress,
  TemplateLibraryApi,
  TemplatesApi,
  type WalkOptions,
} from './templates.js';
