export * from './define.js';
export * from './kinds.js';
export * from './phone.js';
export * from './push-events.js';
export * from './rules.js';
export * from './wire.js';
