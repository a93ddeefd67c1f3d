import type { OptionSpec } from './args.js';

/** Every flag of `wxtpl`; a command accepts {@link COMMON_OPTIONS} and the ones it lists. */
export const OPTIONS = {
  appid: { type: 'string' },
  secret: { type: 'string' },
  'base-url': { type: 'string' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  all: { type: 'boolean' },
  offset: { type: 'string' },
  count: { type: 'string' },
  to: { type: 'string' },
  template: { type: 'string' },
  'form-id': { type: 'string' },
  data: { type: 'string' },
  page: { type: 'string' },
  emphasis: { type: 'string' },
  out: { type: 'string' },
  'import-from': { type: 'string' },
  'against-library': { type: 'boolean' },
  kind: { type: 'string' },
  openids: { type: 'string' },
  rate: { type: 'string' },
  interval: { type: 'string' },
  category: { type: 'string' },
  keyword: { type: 'string' },
  kids: { type: 'string' },
  scene: { type: 'string' },
  state: { type: 'string' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** Flags every command takes. */
export const COMMON_OPTIONS: readonly OptionName[] = [
  'appid',
  'secret',
  'base-url',
  'redis',
  'redis-prefix',
  'json',
  'timeout',
  'help',
];

/** Parsed flags, by name: strings verbatim, booleans true when given. */
export type Flags = {
  [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};
