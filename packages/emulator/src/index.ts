export * from './wx-runtime/index.js';
export const EMULATOR_PLACEHOLDER = true;
