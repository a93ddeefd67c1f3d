/**
 * The value rule of every keyword kind, as the reference document states it. Characters are
 * counted as WeChat counts them: Unicode code points, not UTF-16 units. The character classes:
 * - Chinese character: Unicode script Han;
 * - letter: A–Z, a–z; digit: 0–9;
 * - symbol: any other character, except
 * - control characters (Unicode Cc, U+2028, U+2029) and unpaired surrogates, refused everywhere.
 */
import type { KeywordKind } from './kinds.js';

/** Options of {@link checkKeywordValue}. */
export interface KeywordCheckOptions {
  /** For `enum`: the values the template allows (`gettemplate`'s `keywordEnumValueList`). */
  enumValues?: readonly string[];
}

const ONLY_LETTERS = /^[A-Za-z]+$/;
const NO_DIGITS = /^[^0-9]+$/;
const DECIMAL = /^([0-9]+)(?:\.([0-9]+))?$/;

const YEAR = '[0-9]{4}';
const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = '(?:0?[1-9]|[12][0-9]|3[01])';
/**
 * The patterns built at load time: from one pure call, so that a bundler that never checks
 * keyword values (the mini-program SDK) drops them. The Unicode property escapes need ES2018: an
 * older target turns them into `new RegExp(…)` calls, which would otherwise stay in the bundle.
 */
function patterns() {
  const DAY_DATE = [
    `${YEAR}年${MONTH}月${DAY}日`,
    `${YEAR}年${MONTH}月`,
    `${MONTH}月${DAY}日`,
    ...['-', '/', '\\.'].flatMap((sep) => [
      `${YEAR}${sep}${MONTH}${sep}${DAY}`,
      `${YEAR}${sep}${MONTH}`,
      `${MONTH}${sep}${DAY}`,
    ]),
  ].join('|');
  const CLOCK = '(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?';
  const range = (one: string) => new RegExp(`^${one}(?: *~ *${one})?$`);
  return {
    han: /\p{Script=Han}/u,
    onlyHan: /^\p{Script=Han}+$/u,
    onlySymbols: /^[^\p{Script=Han}A-Za-z0-9]+$/u,
    noHan: /^\P{Script=Han}+$/u,
    digitsAndSymbols: /^[^\p{Script=Han}A-Za-z]+$/u,
    amount: /^\p{Sc}([0-9]+)(?:\.([0-9]+))?元?$/u,
    carNumber: /^[\p{Script=Han}A-Za-z0-9](?:[A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9])?$/u,
    time: range(`(?:(?:${DAY_DATE}) )?${CLOCK}`),
    date: range(`(?:${DAY_DATE})(?: ${CLOCK})?`),
  };
}
const PATTERNS = /* @__PURE__ */ patterns();

const LIMITS = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  amount: 10,
  phone_number: 17,
  car_number: 8,
  name: 20,
  nameWithChinese: 10,
  phrase: 5,
} as const;

/** Number of characters as WeChat counts them (code points). */
export function countCharacters(value: string): number {
  // Units, less one per surrogate pair: what iterating the string counts, without an iterator
  // (every keyword of every notify is counted).
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/**
 * Whether `value` holds a character refused everywhere: a control character (Unicode Cc: U+0000–
 * U+001F, U+007F–U+009F), U+2028, U+2029 or an unpaired surrogate — what
 * `/[\p{Cc}\p{Cs}\u2028\u2029]/u` matches, as a loop: that expression costs more than every
 * other check of a message together.
 */
function hasRefusedCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f) || unit === 0x2028 || unit === 0x2029) {
      return true;
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

const atMost = (kind: string, limit: number, what: string, got: number) =>
  got > limit ? `${kind} allows at most ${limit} ${what}, got ${got}` : null;

/**
 * `null` when WeChat accepts `value` for a keyword of `kind`, otherwise the rule it breaks, in
 * words (`thing allows at most 20 characters, got 23`).
 */
export function checkKeywordValue(
  kind: KeywordKind,
  value: string,
  options: KeywordCheckOptions = {},
): string | null {
  if (value === '') return `${kind} must not be empty`;
  if (hasRefusedCharacter(value)) {
    return `${kind} must not contain control characters (newlines, tabs, …)`;
  }
  const length = countCharacters(value);
  switch (kind) {
    case 'thing':
      return atMost(kind, LIMITS.thing, 'characters', length);
    case 'number': {
      const match = DECIMAL.exec(value);
      if (!match) return 'number allows digits with an optional decimal point (3, 3.14)';
      const digits = (match[1]?.length ?? 0) + (match[2]?.length ?? 0);
      return atMost(kind, LIMITS.number, 'digits', digits);
    }
    case 'letter':
      if (!ONLY_LETTERS.test(value)) return 'letter allows the letters A–Z and a–z only';
      return atMost(kind, LIMITS.letter, 'letters', length);
    case 'symbol':
      if (!PATTERNS.onlySymbols.test(value)) {
        return 'symbol allows symbols only (no Chinese characters, letters or digits)';
      }
      return atMost(kind, LIMITS.symbol, 'symbols', length);
    case 'character_string':
      if (!PATTERNS.noHan.test(value)) {
        return 'character_string allows digits, letters and symbols only (no Chinese characters)';
      }
      return atMost(kind, LIMITS.character_string, 'characters', length);
    case 'time':
      return PATTERNS.time.test(value)
        ? null
        : 'time must be a 24-hour time (15:01 or 15:01:30), optionally after a date (2019年10月1日 15:01); a range joins two with ~';
    case 'date':
      return PATTERNS.date.test(value)
        ? null
        : 'date must be a date (2019年10月1日, 2019年10月, 10月1日, 2019-10-01, 2019/10/01, 2019.10.01, 2019-10, 10-01), optionally followed by a 24-hour time; a range joins two with ~';
    case 'amount': {
      const match = PATTERNS.amount.exec(value);
      if (!match) {
        return 'amount must be one currency symbol, then digits with an optional decimal part, optionally ending in 元 (￥100, ¥36.00元)';
      }
      const digits = (match[1]?.length ?? 0) + (match[2]?.length ?? 0);
      return atMost(kind, LIMITS.amount, 'digits', digits);
    }
    case 'phone_number':
      if (!PATTERNS.digitsAndSymbols.test(value)) {
        return 'phone_number allows digits and symbols only (+86-0766-66888866)';
      }
      return atMost(kind, LIMITS.phone_number, 'characters', length);
    case 'car_number':
      if (!PATTERNS.carNumber.test(value)) {
        return 'car_number allows letters and digits, and a Chinese character first or last (粤A8Z888挂)';
      }
      return atMost(kind, LIMITS.car_number, 'characters', length);
    case 'name':
      if (!NO_DIGITS.test(value)) {
        return 'name allows Chinese characters, letters and symbols only (no digits)';
      }
      return PATTERNS.han.test(value)
        ? atMost('name with Chinese characters', LIMITS.nameWithChinese, 'characters', length)
        : atMost(kind, LIMITS.name, 'letters or symbols', length);
    case 'phrase':
      if (!PATTERNS.onlyHan.test(value)) return 'phrase allows Chinese characters only (配送中)';
      return atMost(kind, LIMITS.phrase, 'Chinese characters', length);
    case 'enum': {
      const allowed = options.enumValues;
      if (allowed === undefined || allowed.includes(value)) return null;
      return `enum must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
    }
  }
  return `unknown keyword kind ${JSON.stringify(kind)}`;
}
