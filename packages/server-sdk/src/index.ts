export * from './client/index.js';
export * from './collect/index.js';
export * from './errors.js';
export * from './lint/index.js';
export * from './notify/index.js';
export * from './pool/index.js';
export * from './store/index.js';
