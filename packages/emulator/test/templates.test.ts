import { ACCOUNT_TEMPLATE_LIMIT, Errcode, WeChatPath } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { LIBRARY, type RunningEmulator } from '../src/index.js';
import { OTHER_APP, useTokenEmulator, type WxCaller } from './helpers.js';

describe('template library and account templates', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  useTokenEmulator((fixture) => ({ emulator, wx, token } = fixture));
  const call = (path: string, body: unknown) => wx.call(path, token, body);

  it('holds at least 60 realistic titles with 3..12 keywords each', () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(60);
    const titles = new Set<string>();
    LIBRARY.forEach((entry, index) => {
      expect(entry.id).toBe(`AT${String(index + 1).padStart(4, '0')}`);
      expect(entry.title).toMatch(/(通知|提醒)$/);
      expect(titles.has(entry.title)).toBe(false);
      titles.add(entry.title);
      expect(entry.keywords.length).toBeGreaterThanOrEqual(3);
      expect(entry.keywords.length).toBeLessThanOrEqual(12);
      const names = new Set(entry.keywords.map((k) => k.name));
      expect(names.size).toBe(entry.keywords.length);
      for (const keyword of entry.keywords) {
        expect(keyword.name).not.toBe('');
        expect(keyword.example).not.toBe('');
      }
    });
  });

  it('pages through the whole library with an honest total_count', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 20) {
      const page = await call(WeChatPath.libraryList, { offset, count: 20 });
      expect(page.total_count).toBe(LIBRARY.length);
      const list = page.list as { id: string }[];
      seen.push(...list.map((t) => t.id));
      if (list.length < 20) break;
    }
    expect(seen).toEqual(LIBRARY.map((t) => t.id));
    const beyond = await call(WeChatPath.libraryList, { offset: 1000, count: 5 });
    expect(beyond).toMatchObject({ errcode: 0, list: [] });
  });

  it('library/get refuses a missing or unknown id', async () => {
    expect((await call(WeChatPath.libraryGet, {})).errcode).toBe(Errcode.INVALID_ARGS);
    expect((await call(WeChatPath.libraryGet, { id: 'AT9999' })).errcode).toBe(
      Errcode.INVALID_ARGS,
    );
  });

  it.each([
    [{ id: 'AT0002' }],
    [{ id: 'AT0002', keyword_id_list: [] }],
    [{ id: 'AT0002', keyword_id_list: [3, 3] }],
    [{ id: 'AT0002', keyword_id_list: [3, 99] }],
    [{ id: 'AT0002', keyword_id_list: ['3'] }],
    [{ id: 'AT0061', keyword_id_list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }],
    [{ id: 'AT9999', keyword_id_list: [1] }],
    [{ keyword_id_list: [1] }],
  ])('add refuses %j with 40097', async (body) => {
    expect((await call(WeChatPath.templateAdd, body)).errcode).toBe(Errcode.INVALID_ARGS);
    expect((await call(WeChatPath.templateList, { offset: 0, count: 20 })).list).toEqual([]);
  });

  it('keeps the keyword order the developer chose, up to 10 keywords', async () => {
    const { template_id } = await call(WeChatPath.templateAdd, {
      id: 'AT0002',
      keyword_id_list: [5, 3, 4],
    });
    const { list } = await call(WeChatPath.templateList, { offset: 0, count: 1 });
    expect(list).toEqual([
      expect.objectContaining({
        template_id,
        content:
          '物品名称{{keyword1.DATA}}\n购买地点{{keyword2.DATA}}\n购买时间{{keyword3.DATA}}\n',
      }),
    ]);
    const ten = await call(WeChatPath.templateAdd, {
      id: 'AT0061',
      keyword_id_list: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    });
    expect(ten.errcode).toBe(0);
  });

  it('an account holds at most 25 templates (45026), and deleting frees a place', async () => {
    const ids: string[] = [];
    for (let i = 0; i < ACCOUNT_TEMPLATE_LIMIT; i++) {
      const added = await call(WeChatPath.templateAdd, {
        id: 'AT0002',
        keyword_id_list: [3, 4, 5],
      });
      ids.push(added.template_id as string);
    }
    const refused = await call(WeChatPath.templateAdd, { id: 'AT0002', keyword_id_list: [3] });
    expect(refused).toEqual({
      errcode: Errcode.TEMPLATE_COUNT_LIMIT,
      errmsg: 'template num exceeds limit',
    });
    const lastPage = await call(WeChatPath.templateList, { offset: 20, count: 20 });
    expect((lastPage.list as unknown[]).length).toBe(5);
    expect((await call(WeChatPath.templateDelete, { template_id: ids[0] })).errcode).toBe(0);
    expect(
      (await call(WeChatPath.templateAdd, { id: 'AT0002', keyword_id_list: [3] })).errcode,
    ).toBe(0);
  });

  it('del refuses unknown ids, other apps ids and a missing id with 40037', async () => {
    const foreign = await emulator.control.addTemplate({
      appId: OTHER_APP.appId,
      id: 'AT0002',
      keywordIds: [3],
    });
    expect((await call(WeChatPath.templateDelete, { template_id: foreign })).errcode).toBe(
      Errcode.INVALID_TEMPLATE_ID,
    );
    expect((await call(WeChatPath.templateDelete, { template_id: 'nope' })).errcode).toBe(
      Errcode.INVALID_TEMPLATE_ID,
    );
    expect((await call(WeChatPath.templateDelete, {})).errcode).toBe(Errcode.INVALID_TEMPLATE_ID);
  });
});
