import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkKeywordValue,
  countCharacters,
  KEYWORD_KINDS,
  type KeywordKind,
  keywordKindOf,
} from '../src/index.js';

const ok = (kind: KeywordKind, value: string, enumValues?: string[]) =>
  checkKeywordValue(kind, value, enumValues ? { enumValues } : {});
const accepts = (kind: KeywordKind, values: string[]) => {
  for (const value of values) expect([value, ok(kind, value)]).toEqual([value, null]);
};
const refuses = (kind: KeywordKind, values: string[]) => {
  for (const value of values) expect([value, ok(kind, value)]).toEqual([value, expect.any(String)]);
};

/** A fixed string of n code points. */
const times = (unit: string, n: number) => unit.repeat(n);

describe('keywordKindOf', () => {
  it('reads the kind of a data key', () => {
    expect(keywordKindOf('thing1')).toBe('thing');
    expect(keywordKindOf('number01')).toBe('number');
    expect(keywordKindOf('character_string10')).toBe('character_string');
    expect(keywordKindOf('phone_number3')).toBe('phone_number');
    expect(keywordKindOf('keyword1')).toBeUndefined();
    expect(keywordKindOf('thing')).toBeUndefined();
    expect(keywordKindOf('thing1a')).toBeUndefined();
  });
});

describe('every kind', () => {
  it.each(KEYWORD_KINDS)('%s refuses an empty value and control characters', (kind) => {
    expect(ok(kind, '')).toBe(`${kind} must not be empty`);
    for (const bad of ['a\nb', '1\t2', '\r', '\u0000', '\u007f', '\u0085', '\u2028', '\u2029']) {
      expect(ok(kind, bad)).toMatch(/control characters/);
    }
    expect(ok(kind, 'a\ud800')).toMatch(/control characters/);
  });
});

describe('thing: at most 20 characters of any kind', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(countCharacters('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    accepts('thing', [
      times('a', 20),
      times('字', 20),
      times('😀', 20),
      '拿铁咖啡（大杯）×2 #A-01',
    ]);
    refuses('thing', [times('a', 21), times('字', 21), times('😀', 21)]);
    expect(ok('thing', `${times('字', 23)}`)).toBe('thing allows at most 20 characters, got 23');
  });
});

describe('number: at most 32 digits, a decimal point allowed', () => {
  it('accepts digits just inside the limits', () => {
    accepts('number', ['0', '3.14', times('9', 32), `${times('1', 31)}.5`, `1.${times('0', 31)}`]);
  });
  it('refuses digits just outside and anything but digits and one point', () => {
    refuses('number', [times('9', 33), `${times('1', 32)}.5`, '-1', '+1', '1.', '.5', '1.2.3']);
    refuses('number', ['1e5', '１２', '1,000', ' 1', 'abc']);
    expect(ok('number', times('9', 33))).toBe('number allows at most 32 digits, got 33');
  });
});

describe('letter: at most 32 letters only', () => {
  it('accepts and refuses at the limit', () => {
    accepts('letter', ['a', 'ABCxyz', times('z', 32)]);
    refuses('letter', [times('z', 33), 'abc1', 'ab c', 'é', 'ｂ', '字']);
  });
});

describe('symbol: at most 5 symbols only', () => {
  it('accepts and refuses at the limit', () => {
    accepts('symbol', ['%', '!?#$%', '！？…', '😀', '- -']);
    refuses('symbol', ['!?#$%^', '%a', '%1', '%字']);
    expect(ok('symbol', '!?#$%^')).toBe('symbol allows at most 5 symbols, got 6');
  });
});

describe('character_string: at most 32 digits, letters or symbols', () => {
  it('accepts and refuses at the limit', () => {
    accepts('character_string', ['sf686539', '223', times('x', 32), 'A-01_#', 'ÉÑ']);
    refuses('character_string', [times('x', 33), 'SF12字', '订单']);
  });
});

describe('time: 24-hour time, optionally after a date, ranges with ~', () => {
  it('accepts times, dated times and ranges', () => {
    accepts('time', [
      '15:01',
      '15:01:30',
      '0:00',
      '9:05',
      '09:05',
      '23:59:59',
      '2019年10月1日 15:01',
      '2019-10-01 15:01:30',
      '10月1日 8:00',
      '2019/10/01 15:01',
      '15:01~17:00',
      '15:01 ~ 17:00',
      '2019年10月1日 15:01~2019年10月1日 17:00',
      '2019-10-01 15:01~17:00',
    ]);
  });
  it('refuses what is not a 24-hour time', () => {
    refuses('time', [
      '24:00',
      '23:60',
      '15:1',
      '15:01:60',
      '1501',
      '3pm',
      '15：01',
      '2019年10月1日',
    ]);
    refuses('time', [
      '15:01~',
      '~15:01',
      '15:01~~17:00',
      '15:01~17:00~18:00',
      '2019年10月1日15:01',
    ]);
    refuses('time', ['2019-10-01  15:01', '2019-13-01 15:01', ' 15:01', '15:01 ']);
  });
});

describe('date: a date in one of the documented forms, optionally with a time, ranges with ~', () => {
  it('accepts every documented form', () => {
    accepts('date', [
      '2019年10月1日',
      '2019年10月',
      '10月1日',
      '2018-01-01',
      '2018/01/01',
      '2018.01.01',
      '2018-01',
      '2018/1',
      '2018.12',
      '01-01',
      '1/1',
      '12.31',
      '2019年10月1日 15:01',
      '2019-12-25 09:42',
      '2019-10-01~2019-10-07',
      '2019年10月1日 ~ 2019年10月7日',
      '2019-10-01 15:00~2019-10-01 17:00',
    ]);
  });
  it('refuses what is not a date', () => {
    refuses('date', ['2019年', '2019年13月1日', '2019年10月32日', '2019年0月1日', '2018-01/01']);
    refuses('date', [
      '19-10-01',
      '20190-01-01',
      '2018-1-1-1',
      '15:01',
      '2019-10-01 24:00',
      'today',
    ]);
    refuses('date', ['2019-10-01~', '2019-10-01 ~ 15:01']);
  });
});

describe('amount: a currency symbol, at most 10 digits, a decimal part, optionally 元', () => {
  it('accepts the documented forms and currency symbols', () => {
    accepts('amount', ['￥100', '¥36.00元', '$1234567890', '$12345678.90', '€5', '£0.5', '₩1000']);
  });
  it('refuses at the limits and without one symbol', () => {
    refuses('amount', [
      '$12345678901',
      '$123456789.01',
      '100',
      '100元',
      '¥-5',
      '¥¥5',
      '¥1.',
      'RMB5',
    ]);
    refuses('amount', ['¥5 元', '¥ 5', '5¥']);
    expect(ok('amount', '$123456789.01')).toBe('amount allows at most 10 digits, got 11');
  });
});

describe('phone_number: at most 17 digits and symbols', () => {
  it('accepts and refuses at the limit', () => {
    accepts('phone_number', ['+86-0766-66888866', '13800138000', '(020) 8888 8888']);
    refuses('phone_number', ['+86-0766-668888661', '400-ABC', '电话13800138000']);
    expect(countCharacters('+86-0766-66888866')).toBe(17);
  });
});

describe('car_number: at most 8, Chinese first or last, letters or digits between', () => {
  it('accepts and refuses at the limit', () => {
    accepts('car_number', ['粤A8Z888挂', '粤A12345D', '京A12345', 'WJ12345', '粤', '粤B']);
    refuses('car_number', ['粤A123456D', '粤A挂8888', '粤A-12345', '粤A 12345', 'ab!']);
  });
});

describe('name: 10 Chinese characters, or 20 letters and symbols; a mix counts as Chinese', () => {
  it('accepts names in mixed scripts', () => {
    accepts('name', [
      '张三',
      times('张', 10),
      'John Smith',
      times('a', 20),
      "O'Brien",
      'José',
      'Иван',
    ]);
    accepts('name', ['李·雷', '张三John', `张${times('a', 9)}`, 'Mary-Jane Watson']);
  });
  it('refuses beyond the limits and digits', () => {
    refuses('name', [times('张', 11), times('a', 21), `张${times('a', 10)}`, 'Agent 007', '张3']);
    expect(ok('name', `张${times('a', 10)}`)).toBe(
      'name with Chinese characters allows at most 10 characters, got 11',
    );
  });
});

describe('phrase: at most 5 Chinese characters', () => {
  it('accepts and refuses at the limit', () => {
    accepts('phrase', ['配送中', '审核通过', '五个汉字啊']);
    refuses('phrase', ['六个汉字来了', 'ok', '配送中!', '配送 中']);
  });
});

describe('enum: one of the template values', () => {
  it('checks membership when the values are known', () => {
    expect(ok('enum', '已发货', ['已发货', '未发货'])).toBeNull();
    expect(ok('enum', '退货', ['已发货', '未发货'])).toBe(
      'enum must be one of "已发货", "未发货", got "退货"',
    );
    expect(ok('enum', '任何值')).toBeNull();
  });
});

describe('the examples of the reference document and of WeChat pages', () => {
  it.each([
    ['time', '15:01'],
    ['time', '2019年10月1日 15:01'],
    ['date', '2019年10月1日'],
    ['date', '2019年10月1日 15:01'],
    ['date', '2018-01-01'],
    ['date', '2018/01/01'],
    ['date', '2018.01.01'],
    ['date', '2018-01'],
    ['date', '01-01'],
    ['date', '2019-12-25 09:42'],
    ['date', '2020年1月1日'],
    ['amount', '￥100'],
    ['amount', '¥36.00元'],
    ['phone_number', '+86-0766-66888866'],
    ['car_number', '粤A8Z888挂'],
    ['phrase', '配送中'],
    ['phrase', '审核通过'],
    ['name', '订阅'],
    ['character_string', '223'],
    ['character_string', 'sf686539'],
    ['thing', '测试商品'],
    ['number', '2342375986'],
  ] as [KeywordKind, string][])('%s accepts %s', (kind, value) => {
    expect(ok(kind, value)).toBeNull();
  });
});

describe('properties', () => {
  it('a thing of n astral characters passes exactly when n <= 20', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('😀', '𠮷', '字', 'a'),
        (n, c) => {
          expect(ok('thing', c.repeat(n)) === null).toBe(n <= 20);
        },
      ),
    );
  });
  it('a value with a control character anywhere is refused by every kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYWORD_KINDS),
        fc.string({ maxLength: 10 }),
        fc.string({ maxLength: 10 }),
        fc.integer({ min: 0, max: 0x1f }),
        (kind, before, after, code) => {
          expect(ok(kind, `${before}${String.fromCharCode(code)}${after}`)).not.toBeNull();
        },
      ),
    );
  });
  it('refuses exactly what the Unicode classes Cc and Cs (unpaired surrogates) and U+2028/9 are', () => {
    const refused = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
    // UTF-16 units of every kind: controls, surrogates of either half, BMP and ASCII.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xa0 }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.constantFrom(0x2028, 0x2029, 0x5b57),
      fc.integer({ min: 0, max: 0xffff }),
    );
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 8 }), (units) => {
        const value = String.fromCharCode(...units);
        expect([value, /control characters/.test(ok('thing', value) ?? '')]).toEqual([
          value,
          refused.test(value),
        ]);
        expect(countCharacters(value)).toBe([...value].length);
      }),
    );
  });
  it('every clock time of the day passes as a time and a dated time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399 }), fc.boolean(), (seconds, withSeconds) => {
        const pad = (n: number) => String(n).padStart(2, '0');
        const hh = Math.floor(seconds / 3600);
        const clock = `${pad(hh)}:${pad(Math.floor(seconds / 60) % 60)}${withSeconds ? `:${pad(seconds % 60)}` : ''}`;
        expect(ok('time', clock)).toBeNull();
        expect(ok('date', `2024-02-29 ${clock}`)).toBeNull();
      }),
    );
  });
});
