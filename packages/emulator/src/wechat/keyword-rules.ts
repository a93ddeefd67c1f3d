/**
 * The emulator's own enforcement of the keyword kinds' value rules (47003), written from the
 * reference document independently of `@wxtpl/shared-types`' validator: a character scanner and
 * small parsers here, regular expressions there. A property test holds the two to the same
 * answers, so that a mistake in either shows.
 */
import type { KeywordKind } from '@wxtpl/shared-types';

type CharClass = 'han' | 'letter' | 'digit' | 'symbol' | 'forbidden';

const HAN = /^\p{Script=Han}$/u;
const CURRENCY = /^\p{Sc}$/u;

function classOf(ch: string): CharClass {
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'forbidden';
  if (cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) return 'forbidden';
  if (cp >= 0x30 && cp <= 0x39) return 'digit';
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return 'letter';
  if (cp >= 0x2e80 && HAN.test(ch)) return 'han';
  return 'symbol';
}

const isDigits = (s: string) => s.length > 0 && [...s].every((c) => classOf(c) === 'digit');
const all = (chars: string[], ...classes: CharClass[]) =>
  chars.every((c) => classes.includes(classOf(c)));

/** True when WeChat accepts `value` for a keyword of kind `rule`. */
export function acceptsKeywordValue(
  rule: KeywordKind,
  value: string,
  enumValues: readonly string[] = [],
): boolean {
  const chars = [...value];
  const n = chars.length;
  if (n === 0 || chars.some((c) => classOf(c) === 'forbidden')) return false;
  switch (rule) {
    case 'thing':
      return n <= 20;
    case 'number':
      return decimalDigits(value) !== null && (decimalDigits(value) as number) <= 32;
    case 'letter':
      return n <= 32 && all(chars, 'letter');
    case 'symbol':
      return n <= 5 && all(chars, 'symbol');
    case 'character_string':
      return n <= 32 && all(chars, 'digit', 'letter', 'symbol');
    case 'phone_number':
      return n <= 17 && all(chars, 'digit', 'symbol');
    case 'car_number':
      return (
        n <= 8 &&
        chars.every((c, i) =>
          i === 0 || i === n - 1 ? all([c], 'han', 'letter', 'digit') : all([c], 'letter', 'digit'),
        )
      );
    case 'name': {
      if (!all(chars, 'han', 'letter', 'symbol')) return false;
      return chars.some((c) => classOf(c) === 'han') ? n <= 10 : n <= 20;
    }
    case 'phrase':
      return n <= 5 && all(chars, 'han');
    case 'amount':
      return amountDigits(chars) !== null && (amountDigits(chars) as number) <= 10;
    case 'time':
      return range(value, oneTime);
    case 'date':
      return range(value, oneDate);
    case 'enum':
      return enumValues.includes(value);
  }
  return false;
}

/** Digits of `123.45` (5), or null when it is not digits with at most one inner point. */
function decimalDigits(value: string): number | null {
  const parts = value.split('.');
  if (parts.length > 2 || !parts.every(isDigits)) return null;
  return parts.join('').length;
}

/** Digits of `¥36.00元` (4), or null when it is not a currency symbol and a decimal. */
function amountDigits(chars: string[]): number | null {
  if (!CURRENCY.test(chars[0] as string)) return null;
  const end = chars[chars.length - 1] === '元' ? chars.length - 1 : chars.length;
  return decimalDigits(chars.slice(1, end).join(''));
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
  const separators = new Set([...text].filter((c) => classOf(c) !== 'digit'));
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
    if (classOf(ch) === 'digit') {
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
