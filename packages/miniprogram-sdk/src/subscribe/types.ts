import type { SubscribeResult } from '../shared.js';

/** The popup's answer per requested template id (without `errMsg`). */
export type SubscribeResults = Record<string, SubscribeResult>;

/**
 * A template to ask for: its id, or anything with an `id` (a `defineSubscribeTemplate`
 * definition) whose `longTerm` says its kind.
 */
export type SubscribeTemplateRef = string | { readonly id: string; readonly longTerm?: boolean };

export type { SubscribeAnswer } from '../sink.js';
