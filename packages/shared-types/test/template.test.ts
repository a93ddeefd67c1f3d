import { describe, expect, it } from 'vitest';
import {
  buildSendRequest,
  defineTemplate,
  isHexColor,
  TemplateDataError,
  toEmphasisKeyword,
  toWireData,
} from '../src/index.js';
import { purchase } from './fixtures.js';

describe('defineTemplate', () => {
  it('keeps the definition and freezes it', () => {
    expect(purchase.keywords).toEqual({ place: 'keyword1', time: 'keyword2', item: 'keyword3' });
    expect(Object.isFrozen(purchase)).toBe(true);
    expect(Object.isFrozen(purchase.keywords)).toBe(true);
  });

  it.each([
    [{ id: '', title: 't', keywords: { a: 'keyword1' } }, 'id'],
    [{ id: 'x', title: ' ', keywords: { a: 'keyword1' } }, 'title'],
    [{ id: 'x', title: 't', keywords: {} }, 'keywords'],
    [{ id: 'x', title: 't', keywords: null }, 'keywords'],
    [{ id: 'x', title: 't', keywords: { a: 'keyword0' } }, 'keywords.a'],
    [{ id: 'x', title: 't', keywords: { a: 'kw1' } }, 'keywords.a'],
    [{ id: 'x', title: 't', keywords: { a: 'keyword1', b: 'keyword11' } }, 'keywords.b'],
    [{ id: 'x', title: 't', keywords: { a: 'keyword01' } }, 'keywords.a'],
    [{ id: 'x', title: 't', keywords: { a: 'keyword1', b: 'keyword1' } }, 'keywords.b'],
    [
      {
        id: 'x',
        title: 't',
        keywords: Object.fromEntries(
          Array.from({ length: 11 }, (_, i) => [`k${i}`, `keyword${i + 1}`]),
        ),
      },
      'keywords',
    ],
  ])('refuses a bad definition (%#) at %s', (definition, path) => {
    // biome-ignore lint/suspicious/noExplicitAny: runtime validation of untyped input
    expect(() => defineTemplate(definition as any)).toThrow(expect.objectContaining({ path }));
  });

  it('names the slots a template can have and the keywords that share one', () => {
    const define = defineTemplate as (definition: unknown) => unknown;
    expect(() => define({ id: 'x', title: 't', keywords: { a: 'keyword11' } })).toThrow(
      'keyword "a" must map to a slot from "keyword1" to "keyword10", got "keyword11"',
    );
    expect(() =>
      define({ id: 'x', title: 't', keywords: { a: 'keyword2', b: 'keyword2' } }),
    ).toThrow(expect.objectContaining({ code: 'TEMPLATE_DATA', path: 'keywords.b' }));
    expect(defineTemplate({ id: 'x', title: 't', keywords: { a: 'keyword10' } }).keywords).toEqual({
      a: 'keyword10',
    });
  });
});

describe('toWireData', () => {
  it('produces the exact data object of the reference example', () => {
    expect(
      toWireData(purchase, {
        place: { value: 'TIT造舰厂', color: '#173177' },
        time: '2016年6月6日',
        item: { value: '咖啡' },
      }),
    ).toEqual({
      keyword1: { value: 'TIT造舰厂', color: '#173177' },
      keyword2: { value: '2016年6月6日' },
      keyword3: { value: '咖啡' },
    });
  });

  const bad: Array<[string, unknown, string]> = [
    ['missing keyword', { place: 'a', time: 'b' }, 'data.item'],
    ['misspelled keyword', { place: 'a', time: 'b', itme: 'c', item: 'c' }, 'data.itme'],
    ['number value', { place: 'a', time: 'b', item: 3 }, 'data.item'],
    ['null value', { place: 'a', time: 'b', item: null }, 'data.item'],
    ['object without value', { place: 'a', time: 'b', item: { color: '#fff' } }, 'data.item.value'],
    [
      'named color',
      { place: 'a', time: 'b', item: { value: 'c', color: 'red' } },
      'data.item.color',
    ],
    ['short hex', { place: 'a', time: 'b', item: { value: 'c', color: '#ff' } }, 'data.item.color'],
    ['data not an object', 'nope', 'data'],
    [
      '__proto__ key',
      JSON.parse('{"place":"a","time":"b","item":"c","__proto__":{"x":1}}'),
      'data.__proto__',
    ],
  ];
  it.each(bad)('refuses %s', (_label, data, path) => {
    // biome-ignore lint/suspicious/noExplicitAny: runtime validation of untyped input
    const run = () => toWireData(purchase, data as any);
    expect(run).toThrow(TemplateDataError);
    expect(run).toThrow(expect.objectContaining({ path }));
  });
});

describe('toWireData of a template that is not frozen', () => {
  it('reads its keywords afresh on every call', () => {
    const keywords: Record<string, 'keyword1' | 'keyword2'> = { place: 'keyword1' };
    const loose = { id: 'tpl', title: 'loose', keywords };
    expect(toWireData(loose, { place: 'A' })).toEqual({ keyword1: { value: 'A' } });
    keywords.place = 'keyword2';
    expect(toWireData(loose, { place: 'A' })).toEqual({ keyword2: { value: 'A' } });
  });
});

describe('colors and emphasis', () => {
  it('accepts #RGB and #RRGGBB only', () => {
    for (const ok of ['#fff', '#FFF', '#173177', '#a1B2c3']) expect(isHexColor(ok)).toBe(true);
    for (const no of ['fff', '#ffff', '#1731777', '#ggg', '', null, 173177, 'rgb(0,0,0)']) {
      expect(isHexColor(no)).toBe(false);
    }
  });

  it('turns a keyword name into keywordN.DATA', () => {
    expect(toEmphasisKeyword(purchase, 'item')).toBe('keyword3.DATA');
    // biome-ignore lint/suspicious/noExplicitAny: runtime validation of untyped input
    expect(() => toEmphasisKeyword(purchase, 'keyword3' as any)).toThrow(TemplateDataError);
    // biome-ignore lint/suspicious/noExplicitAny: runtime validation of untyped input
    expect(() => toEmphasisKeyword(purchase, 'toString' as any)).toThrow(TemplateDataError);
  });
});

describe('buildSendRequest', () => {
  it('builds the full send payload of the reference document', () => {
    expect(
      buildSendRequest(purchase, {
        touser: 'OPENID',
        formId: 'FORMID',
        page: 'index',
        emphasis: 'place',
        data: {
          place: { value: '339208499', color: '#173177' },
          time: '2015年01月05日 12:30',
          item: '咖啡',
        },
      }),
    ).toEqual({
      touser: 'OPENID',
      template_id: purchase.id,
      page: 'index',
      form_id: 'FORMID',
      data: {
        keyword1: { value: '339208499', color: '#173177' },
        keyword2: { value: '2015年01月05日 12:30' },
        keyword3: { value: '咖啡' },
      },
      emphasis_keyword: 'keyword1.DATA',
    });
  });

  it('omits what was not given and validates the default color', () => {
    const request = buildSendRequest(purchase, {
      touser: 'o',
      formId: 'f',
      data: { place: 'a', time: 'b', item: 'c' },
    });
    expect(Object.keys(request).sort()).toEqual(['data', 'form_id', 'template_id', 'touser']);
    expect(() =>
      buildSendRequest(purchase, {
        touser: 'o',
        formId: 'f',
        data: { place: 'a', time: 'b', item: 'c' },
        // biome-ignore lint/suspicious/noExplicitAny: runtime validation of untyped input
        color: 'blue' as any,
      }),
    ).toThrow(expect.objectContaining({ path: 'color' }));
  });
});
