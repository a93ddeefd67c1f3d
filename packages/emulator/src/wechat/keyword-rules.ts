/**
 * The emulator's own enforcement of the keyword kinds' value rules (47003), written from the
 * reference document independently of `@wxtpl/shared-types`' validator: a character scanner and
 * small parsers here, regular expressions there. A property test holds the two to the same
 * answers, so that a mistake in either shows.
 */
import type { KeywordKind } from '@wxtpl/shared-types';

// Character classes as bits, so that "digits, letters or symbols" is one mask.
const FORBIDDEN = 0;
const HAN_CHAR = 1;
const LETTER = 2;
const DIGIT = 4;
const SYMBOL = 8;

const HAN = /^\p{Script=Han}$/u;
const CURRENCY = /^\p{Sc}$/u;

/** Classes of the BMP characters met so far (0: not yet known), so Han is tested once each. */
const BMP_CLASSES = new Uint8Array(0x10000);

function classOfCodePoint(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return FORBIDDEN;
  if (cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) return FORBIDDEN;
  if (cp >= 0x30 && cp <= 0x39) return DIGIT;
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return LETTER;
  if (cp < 0x2e80) return SYMBOL;
  if (cp > 0xffff) return HAN.test(String.fromCodePoint(cp)) ? HAN_CHAR : SYMBOL;
  let known = BMP_CLASSES[cp] as number;
  if (known === 0) {
    known = HAN.test(String.fromCharCode(cp)) ? HAN_CHAR : SYMBOL;
    BMP_CLASSES[cp] = known;
  }
  return known;
}

/** True when WeChat accepts `value` for a keyword of kind `rule`. */
export function acceptsKeywordValue(
  rule: KeywordKind,
  value: string,
  enumValues: readonly string[] = [],
): boolean {
  // One pass: the count, the classes present, and those of the first, last and inner characters.
  let n = 0;
  let present = 0;
  let first = 0;
  let inner = 0;
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    let cp = value.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < value.length) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    const c = classOfCodePoint(cp);
    if (c === FORBIDDEN) return false;
    if (n === 0) first = c;
    else if (n >= 2) inner |= last;
    last = c;
    present |= c;
    n++;
  }
  if (n === 0) return false;
  const only = (mask: number) => (present & ~mask) === 0;
  switch (rule) {
    case 'thing':
      return n <= 20;
    case 'number': {
      const digits = decimalDigits(value, 0, value.length);
      return digits !== null && digits <= 32;
    }
    case 'letter':
      return n <= 32 && only(LETTER);
    case 'symbol':
      return n <= 5 && only(SYMBOL);
    case 'character_string':
      return n <= 32 && only(DIGIT | LETTER | SYMBOL);
    case 'phone_number':
      return n <= 17 && only(DIGIT | SYMBOL);
    case 'car_number': {
      const ends = HAN_CHAR | LETTER | DIGIT;
      return (
        n <= 8 && (first & ends) !== 0 && (last & ends) !== 0 && (inner & ~(LETTER | DIGIT)) === 0
      );
    }
    case 'name':
      return only(HAN_CHAR | LETTER | SYMBOL) && n <= ((present & HAN_CHAR) !== 0 ? 10 : 20);
    case 'phrase':
      return n <= 5 && only(HAN_CHAR);
    case 'amount': {
      const digits = amountDigits(value);
      return digits !== null && digits <= 10;
    }
    case 'time':
      return range(value, oneTime);
    case 'date':
      return range(value, oneDate);
    case 'enum':
      return enumValues.includes(value);
  }
  return false;
}

/** Digits of `123.45` in value[from, to) (5), or null unless digits with at most one inner point. */
function decimalDigits(value: string, from: number, to: number): number | null {
  let digits = 0;
  let point = -1;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && point === -1 && i > from && i < to - 1) point = i;
    else return null;
  }
  return digits > 0 ? digits : null;
}

/** Digits of `¥36.00元` (4), or null when it is not one currency symbol and a decimal. */
function amountDigits(value: string): number | null {
  const symbol = String.fromCodePoint(value.codePointAt(0) as number);
  if (!CURRENCY.test(symbol)) return null;
  const end = value.endsWith('元') ? value.length - 1 : value.length;
  return decimalDigits(value, symbol.length, end);
}

// Times and dates are parsed in place: each function reads value[from, to).
type Part = (value: string, from: number, to: number) => boolean;

/** One part, or two joined by `~` with any spaces around it. */
function range(value: string, one: Part): boolean {
  const tilde = value.indexOf('~');
  if (tilde === -1) return one(value, 0, value.length);
  if (value.indexOf('~', tilde + 1) !== -1) return false;
  let leftEnd = tilde;
  while (leftEnd > 0 && value.charCodeAt(leftEnd - 1) === 0x20) leftEnd--;
  let rightStart = tilde + 1;
  while (rightStart < value.length && value.charCodeAt(rightStart) === 0x20) rightStart++;
  return one(value, 0, leftEnd) && one(value, rightStart, value.length);
}

/** The position of `ch` in value[from, to), or -1. */
function find(value: string, ch: string, from: number, to: number): number {
  const at = value.indexOf(ch, from);
  return at === -1 || at >= to ? -1 : at;
}

/** `15:01`, or a date, one space and `15:01`. */
function oneTime(value: string, from: number, to: number): boolean {
  const space = find(value, ' ', from, to);
  if (space === -1) return clock(value, from, to);
  if (find(value, ' ', space + 1, to) !== -1) return false;
  return calendarDate(value, from, space) && clock(value, space + 1, to);
}

/** A date, optionally followed by one space and a time. */
function oneDate(value: string, from: number, to: number): boolean {
  const space = find(value, ' ', from, to);
  if (space === -1) return calendarDate(value, from, to);
  if (find(value, ' ', space + 1, to) !== -1) return false;
  return calendarDate(value, from, space) && clock(value, space + 1, to);
}

/** `H:MM`, `HH:MM` or `HH:MM:SS`, 24-hour. */
function clock(value: string, from: number, to: number): boolean {
  const first = find(value, ':', from, to);
  if (first === -1 || !numberIn(value, from, first, 1, 2, 0, 23)) return false;
  const second = find(value, ':', first + 1, to);
  if (second === -1) return numberIn(value, first + 1, to, 2, 2, 0, 59);
  return (
    numberIn(value, first + 1, second, 2, 2, 0, 59) && numberIn(value, second + 1, to, 2, 2, 0, 59)
  );
}

/** value[from, to) is minDigits..maxDigits ASCII digits whose number lies in lo..hi. */
function numberIn(
  value: string,
  from: number,
  to: number,
  minDigits: number,
  maxDigits: number,
  lo: number,
  hi: number,
): boolean {
  const length = to - from;
  if (length < minDigits || length > maxDigits) return false;
  let number = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return false;
    number = number * 10 + digit;
  }
  return number >= lo && number <= hi;
}

const year = (v: string, from: number, to: number) => numberIn(v, from, to, 4, 4, 0, 9999);
const month = (v: string, from: number, to: number) => numberIn(v, from, to, 1, 2, 1, 12);
const day = (v: string, from: number, to: number) => numberIn(v, from, to, 1, 2, 1, 31);

const CHINESE_UNITS = '年月日';

/** `y-m-d`, `y-m` or `m-d` with one of `-` `/` `.` throughout, or a date in 年月日. */
function calendarDate(value: string, from: number, to: number): boolean {
  let separator = '';
  let first = -1;
  let second = -1;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    const ch = value[i] as string;
    if (CHINESE_UNITS.includes(ch)) return chineseDate(value, from, to);
    if (separator === '') separator = ch;
    else if (ch !== separator) return false;
    if (first === -1) first = i;
    else if (second === -1) second = i;
    else return false;
  }
  if (separator !== '-' && separator !== '/' && separator !== '.') return false;
  if (second !== -1) {
    return (
      year(value, from, first) && month(value, first + 1, second) && day(value, second + 1, to)
    );
  }
  return first - from === 4
    ? year(value, from, first) && month(value, first + 1, to)
    : month(value, from, first) && day(value, first + 1, to);
}

/** `2019年10月1日`, `2019年10月` or `10月1日`. */
function chineseDate(value: string, from: number, to: number): boolean {
  let units = '';
  const bounds: number[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    const ch = value[i] as string;
    if (!CHINESE_UNITS.includes(ch) || units.length === 3) return false;
    units += ch;
    bounds.push(start, i);
    start = i + 1;
  }
  if (start !== to) return false;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = bounds;
  if (units === '年月日') return year(value, a, b) && month(value, c, d) && day(value, e, f);
  if (units === '年月') return year(value, a, b) && month(value, c, d);
  if (units === '月日') return month(value, a, b) && day(value, c, d);
  return false;
}
