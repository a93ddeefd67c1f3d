import { LIBRARY } from '@wxtpl/emulator';
import { WeChatPath } from '@wxtpl/shared-types';
import { clientFor, startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, WeChatApiError, type WeChatClient } from '../src/index.js';

let emulator: TestEmulator;
let client: WeChatClient;

async function requestCount(): Promise<number> {
  const { requests } = await emulator.stats();
  return Object.entries(requests)
    .filter(([path]) => path.startsWith('/cgi-bin/') || path.startsWith('/sns/'))
    .reduce((sum, [, n]) => sum + n, 0);
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = clientFor(emulator);
  await client.getAccessToken();
});

afterEach(async () => {
  await emulator.clearFaults();
});

afterAll(async () => {
  await client.close();
  await emulator.close();
});

describe('templates.library', () => {
  it('lists a page of titles with the total', async () => {
    const page = await client.templates.library.list({ offset: 0, count: 5 });
    expect(page.list).toHaveLength(5);
    expect(page.list[0]).toEqual({ id: LIBRARY[0]?.id, title: LIBRARY[0]?.title });
    expect(page.total_count).toBe(LIBRARY.length);
    const last = await client.templates.library.list({ offset: LIBRARY.length - 2, count: 20 });
    expect(last.list).toHaveLength(2);
  });

  it('walks every title with all(), 20 per page, reporting progress', async () => {
    const progress: { received: number; total?: number }[] = [];
    const before = (await emulator.stats()).requests[WeChatPath.libraryList] ?? 0;
    const titles = [];
    for await (const title of client.templates.library.all({ onPage: (p) => progress.push(p) })) {
      titles.push(title);
    }
    expect(titles.map((t) => t.id)).toEqual(LIBRARY.map((e) => e.id));
    const pages = Math.ceil(LIBRARY.length / 20);
    expect(progress).toHaveLength(pages);
    expect(progress.at(-1)).toEqual({ received: LIBRARY.length, total: LIBRARY.length });
    expect((await emulator.stats()).requests[WeChatPath.libraryList]).toBe(before + pages);
  });

  it('gets the keywords of a title', async () => {
    const entry = await client.templates.library.get('AT0002');
    expect(entry.title).toBe('购买成功通知');
    expect(entry.keyword_list).toContainEqual({
      keyword_id: 3,
      name: '购买地点',
      example: 'TIT造舰厂',
    });
  });

  it('throws WeChatApiError for an unknown title id', async () => {
    const error = await client.templates.library.get('AT9999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 40097, path: WeChatPath.libraryGet });
  });
});

describe('account templates', () => {
  it('adds, lists and deletes a template', async () => {
    const { template_id } = await client.templates.add('AT0002', [3, 4, 5]);
    const page = await client.templates.list({ offset: 0, count: 20 });
    const added = page.list.find((t) => t.template_id === template_id);
    expect(added?.title).toBe('购买成功通知');
    expect(added?.content).toContain('购买地点{{keyword1.DATA}}');
    await expect(client.templates.delete(template_id)).resolves.toMatchObject({ errcode: 0 });
    const after = await client.templates.list({ offset: 0, count: 20 });
    expect(after.list.some((t) => t.template_id === template_id)).toBe(false);
    await expect(client.templates.delete(template_id)).rejects.toBeInstanceOf(WeChatApiError);
  });

  it('refuses a keyword that is not under the title with 40097', async () => {
    await expect(client.templates.add('AT0002', [99])).rejects.toMatchObject({ errcode: 40097 });
  });

  it('walks every page of the account templates and stops at the account limit (45026)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      ids.push(
        (await client.templates.add(LIBRARY[i % LIBRARY.length]?.id as string, [1, 2])).template_id,
      );
    }
    await expect(client.templates.add('AT0001', [1])).rejects.toMatchObject({ errcode: 45026 });
    const before = (await emulator.stats()).requests[WeChatPath.templateList] ?? 0;
    const progress: number[] = [];
    const seen: string[] = [];
    for await (const t of client.templates.all({ onPage: (p) => progress.push(p.received) })) {
      seen.push(t.template_id);
    }
    expect(seen.sort()).toEqual([...ids].sort());
    expect(progress).toEqual([20, 25]);
    expect((await emulator.stats()).requests[WeChatPath.templateList]).toBe(before + 2);
    for (const id of ids) await client.templates.delete(id);
    expect((await client.templates.list({ offset: 0, count: 20 })).list).toHaveLength(0);
  });

  it('keeps walking when a page meets a token error (renews and retries that page)', async () => {
    const { template_id } = await client.templates.add('AT0003', [1]);
    await emulator.faults([{ path: WeChatPath.templateList, errcode: 42001, times: 1 }]);
    const seen = [];
    for await (const t of client.templates.all()) seen.push(t.template_id);
    expect(seen).toContain(template_id);
    await client.templates.delete(template_id);
  });
});

describe('input checks before any request', () => {
  it.each([
    [{ offset: 0, count: 0 }, 'count'],
    [{ offset: 0, count: 21 }, 'count'],
    [{ offset: 0, count: 1.5 }, 'count'],
    [{ offset: -1, count: 5 }, 'offset'],
    [{ offset: 0.5, count: 5 }, 'offset'],
    [{ offset: '0', count: 5 }, 'offset'],
    [{ count: 5 }, 'offset'],
    [null, 'page'],
  ])('refuses page %j (field %s)', async (page, field) => {
    const before = await requestCount();
    const lists = [
      () => client.templates.list(page as never),
      () => client.templates.library.list(page as never),
    ];
    for (const list of lists) {
      const error = await list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).path).toBe(field);
    }
    expect(await requestCount()).toBe(before);
  });

  it.each([
    [[], 'keywordIds'],
    [Array.from({ length: 11 }, (_, i) => i + 1), 'keywordIds'],
    [[3, 4, 3], 'keywordIds[2]'],
    [[0], 'keywordIds[0]'],
    [[-2], 'keywordIds[0]'],
    [[1, 2.5], 'keywordIds[1]'],
    [['3'], 'keywordIds[0]'],
    ['3,4', 'keywordIds'],
  ])('refuses keyword ids %j (field %s)', async (keywordIds, field) => {
    const before = await requestCount();
    const error = await client.templates
      .add('AT0002', keywordIds as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).path).toBe(field);
    expect(await requestCount()).toBe(before);
  });

  it('refuses empty ids', async () => {
    const before = await requestCount();
    await expect(client.templates.add('', [1])).rejects.toMatchObject({ path: 'id' });
    await expect(client.templates.library.get(' AT0002')).rejects.toMatchObject({ path: 'id' });
    await expect(client.templates.delete('')).rejects.toMatchObject({ path: 'templateId' });
    expect(await requestCount()).toBe(before);
  });
});
