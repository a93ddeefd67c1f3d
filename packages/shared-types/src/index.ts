export * from './collect.js';
export * from './content.js';
export * from './errcodes.js';
export * from './errors.js';
export * from './form-id.js';
export * from './limits.js';
export * from './template.js';
export type { ParseResult, ValidationIssue } from './validation.js';
export * from './wire.js';
