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

function classOf(ch: string): number {
  return classOfCodePoint(ch.codePointAt(0) as number);
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
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

function range(value: string, one: (part: string) => boolean): boolean {
  const parts = value.split('~');
  if (parts.length === 1) return one(value);
  if (parts.length !== 2) return false;
  return (
    one((parts[0] as string).replace(/ +$/, '')) && one((parts[1] as string).replace(/^ +/, ''))
  );
}

/** `15:01`, or a date, one space and `15:01`. */
function oneTime(part: string): boolean {
  const pieces = part.split(' ');
  if (pieces.length === 1) return clock(part);
  return pieces.length === 2 && calendarDate(pieces[0] as string) && clock(pieces[1] as string);
}

/** A date, optionally followed by one space and a time. */
function oneDate(part: string): boolean {
  const pieces = part.split(' ');
  if (pieces.length === 1) return calendarDate(part);
  return pieces.length === 2 && calendarDate(pieces[0] as string) && clock(pieces[1] as string);
}

function clock(text: string): boolean {
  const [hours, minutes, seconds, ...rest] = text.split(':');
  if (rest.length > 0 || minutes === undefined) return false;
  if (!within(hours, 1, 2, 0, 23) || !within(minutes, 2, 2, 0, 59)) return false;
  return seconds === undefined || within(seconds, 2, 2, 0, 59);
}

/** A run of 1..maxDigits digits (at least minDigits) whose value lies in lo..hi. */
function within(
  text: string | undefined,
  minDigits: number,
  maxDigits: number,
  lo: number,
  hi: number,
): boolean {
  if (text === undefined || !isDigits(text)) return false;
  if (text.length < minDigits || text.length > maxDigits) return false;
  const number = Number(text);
  return number >= lo && number <= hi;
}

const year = (t: string | undefined) => t !== undefined && t.length === 4 && isDigits(t);
const month = (t: string | undefined) => within(t, 1, 2, 1, 12);
const day = (t: string | undefined) => within(t, 1, 2, 1, 31);

function calendarDate(text: string): boolean {
  if (/[年月日]/.test(text)) return chineseDate(text);
  const separators = new Set([...text].filter((c) => classOf(c) !== DIGIT));
  if (separators.size !== 1) return false;
  const separator = [...separators][0] as string;
  if (separator !== '-' && separator !== '/' && separator !== '.') return false;
  const parts = text.split(separator);
  if (parts.length === 3) return year(parts[0]) && month(parts[1]) && day(parts[2]);
  if (parts.length !== 2) return false;
  return (parts[0] as string).length === 4
    ? year(parts[0]) && month(parts[1])
    : month(parts[0]) && day(parts[1]);
}

/** `2019年10月1日`, `2019年10月` or `10月1日`. */
function chineseDate(text: string): boolean {
  const fields: [string, string][] = [];
  let digits = '';
  for (const ch of text) {
    if (classOf(ch) === DIGIT) {
      digits += ch;
      continue;
    }
    if (ch !== '年' && ch !== '月' && ch !== '日') return false;
    fields.push([ch, digits]);
    digits = '';
  }
  if (digits !== '') return false;
  const units = fields.map(([unit]) => unit).join('');
  const get = (unit: string) => fields.find(([u]) => u === unit)?.[1];
  if (units === '年月日') return year(get('年')) && month(get('月')) && day(get('日'));
  if (units === '年月') return year(get('年')) && month(get('月'));
  if (units === '月日') return month(get('月')) && day(get('日'));
  return false;
}
