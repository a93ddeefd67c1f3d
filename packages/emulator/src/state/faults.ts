import type { FaultRule } from '../types.js';

interface ActiveRule {
  rule: FaultRule;
  applied: number;
}

/** The `path` of fault rules on message pushes (`push`, or `push:subscribe_msg_sent_event`). */
export const PUSH_PATH = 'push';

const isPushPath = (path: string) => path === PUSH_PATH || path.startsWith(`${PUSH_PATH}:`);

/** The fault rules in force; posting rules replaces them all. */
export class FaultSet {
  private rules: ActiveRule[] = [];

  replace(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, applied: 0 }));
  }

  /** The rule that applies to this request, counting it against the rule's `times`. */
  match(path: string): FaultRule | undefined {
    return this.#first((rule) => rule.path === path || rule.path === '*');
  }

  /** The rule that applies to a message push of `event` (rules on `push` or `push:EVENT`). */
  matchPush(event: string): FaultRule | undefined {
    return this.#first((rule) => rule.path === PUSH_PATH || rule.path === `${PUSH_PATH}:${event}`);
  }

  #first(applies: (rule: FaultRule) => boolean): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (!applies(rule)) continue;
      if (rule.times !== undefined && active.applied >= rule.times) continue;
      if (rule.rate !== undefined && rule.rate < 1 && Math.random() >= rule.rate) continue;
      active.applied += 1;
      return rule;
    }
    return undefined;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  clear(): void {
    this.rules = [];
  }
}

/** Checks untrusted JSON as fault rules; returns the rules or a message naming the problem. */
export function parseFaultRules(input: unknown): FaultRule[] | string {
  if (
    typeof input !== 'object' ||
    input === null ||
    !Array.isArray((input as { rules?: unknown }).rules)
  ) {
    return 'expected {rules: [...]}';
  }
  const rules: FaultRule[] = [];
  for (const [index, raw] of (input as { rules: unknown[] }).rules.entries()) {
    const at = `rules[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return `${at}: expected an object`;
    const r = raw as Record<string, unknown>;
    if (typeof r.path !== 'string' || r.path === '') return `${at}.path: expected a path`;
    const rule: FaultRule = { path: r.path };
    if (r.errcode !== undefined) {
      if (!Number.isSafeInteger(r.errcode)) return `${at}.errcode: expected an integer`;
      rule.errcode = r.errcode as number;
    }
    if (r.httpStatus !== undefined) {
      const s = r.httpStatus;
      if (!Number.isInteger(s) || (s as number) < 100 || (s as number) > 599)
        return `${at}.httpStatus: expected an HTTP status 100..599`;
      rule.httpStatus = s as number;
    }
    if (r.delayMs !== undefined) {
      const d = r.delayMs;
      if (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d > 600_000)
        return `${at}.delayMs: expected 0..600000`;
      rule.delayMs = d;
    }
    for (const flag of ['reset', 'afterProcessing', 'drop'] as const) {
      if (r[flag] !== undefined) {
        if (typeof r[flag] !== 'boolean') return `${at}.${flag}: expected a boolean`;
        rule[flag] = r[flag] as boolean;
      }
    }
    if (r.rate !== undefined) {
      if (typeof r.rate !== 'number' || !(r.rate >= 0 && r.rate <= 1))
        return `${at}.rate: expected a number 0..1`;
      rule.rate = r.rate;
    }
    if (r.times !== undefined) {
      if (!Number.isSafeInteger(r.times) || (r.times as number) < 0)
        return `${at}.times: expected an integer from 0`;
      rule.times = r.times as number;
    }
    if (isPushPath(rule.path)) {
      if (
        rule.errcode !== undefined ||
        rule.httpStatus !== undefined ||
        rule.reset ||
        rule.afterProcessing
      )
        return `${at}: a push rule takes drop, delayMs, rate and times only`;
      if (!rule.drop && rule.delayMs === undefined) return `${at}: give drop or delayMs`;
      rules.push(rule);
      continue;
    }
    if (rule.drop) return `${at}.drop: applies to push rules only`;
    if (
      rule.errcode === undefined &&
      rule.httpStatus === undefined &&
      rule.delayMs === undefined &&
      !rule.reset
    )
      return `${at}: give at least one of errcode, httpStatus, delayMs, reset`;
    if (rule.errcode !== undefined && rule.httpStatus !== undefined)
      return `${at}: errcode and httpStatus exclude each other`;
    if (rule.afterProcessing && (rule.errcode !== undefined || rule.httpStatus !== undefined))
      return `${at}: afterProcessing applies to delayMs and reset only`;
    rules.push(rule);
  }
  return rules;
}
