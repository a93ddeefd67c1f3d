import { checkKeywordValue, Errcode, KEYWORD_KINDS, type KeywordKind } from '@wxtpl/shared-types';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, SUBSCRIBE_LIBRARY } from '../src/index.js';
import { acceptsKeywordValue } from '../src/wechat/keyword-rules.js';
import { APP, startTestEmulator, type WxCaller } from './helpers.js';
import { SUBSCRIBE_SEND } from './subscribe-fixtures.js';

// The emulator's 47003 decision (its own scanner) and @wxtpl/shared-types' validateSubscribeData
// rules (regular expressions) are two implementations of one reference table: random strings must
// get the same answer from both, directly and over HTTP.

const ENUM_VALUES = ['已发货', '未发货', 'A'];
const validator = (kind: KeywordKind, value: string) =>
  checkKeywordValue(kind, value, { enumValues: ENUM_VALUES }) === null;
const emulator = (kind: KeywordKind, value: string) =>
  acceptsKeywordValue(kind, value, ENUM_VALUES);

const ALPHABET = [
  ...'0123456789',
  ...'aZ',
  ...'字粤挂元年月日中',
  ...':-/.~ +#%¥￥$€£！：～★éЯ😀𠮷',
  '\n',
  '\t',
  '\u0000',
  '\u0085',
  '\u2028',
  '\ud800',
];
const TOKENS = ['年', '月', '日', '-', '/', '.', ':', ' ', '~', ' ~ ', '元', '¥', '字'];

/** Strings near the edges of the rules: digit runs and the separators of times, dates, amounts. */
const structured = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 99_999 }).map(String),
      fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
      fc.constantFrom(...TOKENS),
    ),
    { minLength: 1, maxLength: 9 },
  )
  .map((parts) => parts.join(''));

/** Valid examples with one character changed, inserted or removed. */
const EXAMPLES = SUBSCRIBE_LIBRARY.flatMap((t) => t.keywords.map((k) => k.example));
const mutated = fc
  .tuple(fc.constantFrom(...EXAMPLES), fc.nat(), fc.constantFrom(...ALPHABET), fc.nat(2))
  .map(([example, at, ch, op]) => {
    const chars = [...example];
    const i = at % (chars.length + 1);
    if (op === 0) chars.splice(i, 0, ch);
    else if (op === 1) chars.splice(i, 1, ch);
    else chars.splice(i, 1);
    return chars.join('');
  });

/** Clocks, dates and ranges with numbers around every limit, in every documented form. */
const padded = (max: number) =>
  fc
    .integer({ min: 0, max })
    .chain((n) =>
      fc.constantFrom(String(n), String(n).padStart(2, '0'), String(n).padStart(3, '0')),
    );
/** Mostly two digits (the common, valid-looking form), sometimes one or three. */
const num = (max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0')) },
    { weight: 1, arbitrary: padded(max) },
  );
const clock = fc
  .tuple(num(25), num(61), fc.option(num(61)))
  .map(([h, m, sec]) => (sec === null ? `${h}:${m}` : `${h}:${m}:${sec}`));
const year = fc.integer({ min: 998, max: 10_001 }).map(String);
const day = fc.oneof(
  fc.tuple(year, num(13), num(32)).map(([y, m, d]) => `${y}年${m}月${d}日`),
  fc.tuple(year, num(13)).map(([y, m]) => `${y}年${m}月`),
  fc.tuple(num(13), num(32)).map(([m, d]) => `${m}月${d}日`),
  fc
    .tuple(year, num(13), num(32), fc.constantFrom('-', '/', '.'), fc.constantFrom('-', '/', '.'))
    .map(([y, m, d, a, b]) => `${y}${a}${m}${b}${d}`),
  fc
    .tuple(fc.oneof(year, num(13)), num(32), fc.constantFrom('-', '/', '.'))
    .map(([a, b, sep]) => `${a}${sep}${b}`),
);
const single = fc.oneof(
  clock,
  day,
  fc.tuple(day, fc.constantFrom(' ', '', '  '), clock).map(([d, sp, c]) => `${d}${sp}${c}`),
);
const dateTime = fc.oneof(
  single,
  fc
    .tuple(single, fc.constantFrom('~', ' ~ ', '~ ', ' ~', '  ~  ', '～', '~~'), single)
    .map((p) => p.join('')),
);

const lengths = fc
  .tuple(fc.constantFrom('a', '字', '1', '%', '😀'), fc.integer({ min: 0, max: 40 }))
  .map(([c, n]) => c.repeat(n));

const anyValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 25 }),
  structured,
  { weight: 3, arbitrary: dateTime },
  mutated,
  lengths,
  fc.constantFrom(...EXAMPLES, ...ENUM_VALUES),
);

describe('the emulator and validateSubscribeData agree on random strings', () => {
  it.each(KEYWORD_KINDS)('%s', (kind) => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(anyValue, (value) => {
        const expected = validator(kind, value);
        expect([value, emulator(kind, value)]).toEqual([value, expected]);
        if (expected) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    // Both answers occur, so the agreement is not vacuous.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('every example of the public library passes both', () => {
    for (const title of SUBSCRIBE_LIBRARY) {
      for (const k of title.keywords) {
        expect([
          title.tid,
          k.name,
          checkKeywordValue(k.rule, k.example, { enumValues: k.enumValues ?? [] }),
        ]).toEqual([title.tid, k.name, null]);
        expect(acceptsKeywordValue(k.rule, k.example, k.enumValues)).toBe(true);
      }
    }
  });
});

describe('over HTTP: 47003 exactly when the validator refuses', () => {
  let running: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  const USER = 'oRulesAgree00000000000000001';
  const templates = new Map<
    KeywordKind,
    { id: string; slot: string; other: [string, string]; enumValues: string[] }
  >();

  beforeAll(async () => {
    ({ emulator: running, wx } = await startTestEmulator());
    token = await wx.token();
    await running.control.login({ appId: APP.appId, openid: USER });
    for (const kind of KEYWORD_KINDS) {
      const title = SUBSCRIBE_LIBRARY.find(
        (t) => !t.banned && t.keywords.some((k) => k.rule === kind),
      );
      const keyword = title?.keywords.find((k) => k.rule === kind);
      const other = title?.keywords.find((k) => k !== keyword);
      if (!title || !keyword || !other) throw new Error(`no library title holds ${kind}`);
      const id = await running.control.addSubscribeTemplate({
        appId: APP.appId,
        tid: title.tid,
        kidList: [keyword.kid, other.kid],
      });
      templates.set(kind, {
        id,
        slot: `${kind}${keyword.kid}`,
        other: [`${other.rule}${other.kid}`, other.example],
        enumValues: keyword.enumValues ?? [],
      });
    }
  });
  afterAll(() => running.close());

  it.each(KEYWORD_KINDS)('%s', async (kind) => {
    const template = templates.get(kind);
    if (!template) throw new Error(kind);
    const { enumValues } = template;
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyValue, fc.constantFrom(...enumValues, 'x')), async (value) => {
        // No acceptance is held: a value the kind allows gets 43101, one it refuses 47003.
        const body = await wx.call(SUBSCRIBE_SEND, token, {
          touser: USER,
          template_id: template.id,
          data: { [template.slot]: { value }, [template.other[0]]: { value: template.other[1] } },
        });
        const valid = checkKeywordValue(kind, value, { enumValues }) === null;
        expect([value, body.errcode]).toEqual([
          value,
          valid ? Errcode.USER_NOT_SUBSCRIBED : Errcode.INVALID_TEMPLATE_DATA,
        ]);
      }),
      { numRuns: 60 },
    );
  });
});
