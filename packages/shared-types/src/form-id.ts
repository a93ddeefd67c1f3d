import { FORM_ID_MAX_LENGTH } from './limits.js';

/** What WeChat DevTools yields instead of a real formId. */
export const MOCK_FORM_ID = 'the formId is a mock one';
/** What develop and trial versions of a mini-program yield since formIds were withdrawn. */
export const UNAVAILABLE_FORM_ID =
  'the formId is no longer available in develop or trial version of this mini program';
/** Prefix of the id a failed report-submit yields. */
export const FAILED_FORM_ID_PREFIX = 'requestFormId:fail';

/** What WeChat's placeholders ({@link MOCK_FORM_ID}, {@link UNAVAILABLE_FORM_ID}) start with. */
const PLACEHOLDER_PREFIX = 'the formId is ';

/** True for the ids WeChat hands out when no real formId exists: never store or spend them. */
export function isMockFormId(id: unknown): boolean {
  // By prefix, not by the whole sentences: a real id never reads like one, and the check ships
  // inside every mini-program (the withdrawn-formId sentence alone is 85 bytes).
  return (
    typeof id === 'string' &&
    (id.indexOf(PLACEHOLDER_PREFIX) === 0 || id.indexOf(FAILED_FORM_ID_PREFIX) === 0)
  );
}

/** Why a formId (or prepay_id) cannot be stored. */
export type FormIdProblem = 'not_a_string' | 'empty' | 'too_long' | 'control_characters' | 'mock';

// C0 and C1 controls, DEL, and the line/paragraph separators: never part of a WeChat id.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A lone UTF-16 surrogate is no text: Redis would store U+FFFD, so two ids would become one and
 * the id taken back would not be the one uploaded. `encodeURIComponent` throws on exactly those, in
 * every engine a mini-program runs on (smaller on the phone than a regex without lookbehind).
 */
function hasLoneSurrogate(id: string): boolean {
  try {
    encodeURIComponent(id);
    return false;
  } catch {
    return true;
  }
}

/**
 * `null` when `id` may be stored and spent, otherwise the reason it may not.
 * Checks the value only; expiry and ownership are the pool's business.
 */
export function validateFormId(id: unknown): FormIdProblem | null {
  if (typeof id !== 'string') return 'not_a_string';
  if (id.trim().length === 0) return 'empty';
  if (id.length > FORM_ID_MAX_LENGTH) return 'too_long';
  if (CONTROL_CHARACTERS.test(id) || hasLoneSurrogate(id)) return 'control_characters';
  if (isMockFormId(id)) return 'mock';
  return null;
}
