import type { PubTemplateTitle, SubscribeTemplateType } from '@wxtpl/shared-types';
import type { WeChatClient } from '../../client/client.js';
import { type CommandContext, idList, integer, positional, withClient } from '../context.js';
import { plural } from '../plural.js';
import { formatTable, printTable } from '../table.js';
import { collectAll } from './paging.js';

/** `one-time` (type 2, 一次性订阅) or `long-term` (type 3, 长期订阅). */
export function kindName(type: SubscribeTemplateType): string {
  return type === 3 ? 'long-term' : 'one-time';
}

/** `wxtpl subscribe categories` */
export async function categories(ctx: CommandContext): Promise<void> {
  await withClient(ctx, async (client) => {
    const { data } = await client.subscribe.templates.categories();
    printTable(
      ctx,
      data,
      ['ID', 'NAME'],
      data,
      (c) => [String(c.id), c.name],
      plural(data.length, 'category', 'categories'),
    );
  });
}

/** `wxtpl subscribe titles [--category IDS] [--keyword TEXT]` */
export async function titles(ctx: CommandContext): Promise<void> {
  const given = ctx.flags.category;
  const categoryIds = given === undefined ? undefined : idList(given, '--category');
  const keyword = ctx.flags.keyword?.trim().toLowerCase();
  await withClient(ctx, async (client) => {
    const ids = categoryIds ?? (await accountCategoryIds(client));
    const walked =
      ids.length === 0
        ? []
        : await collectAll(ctx, 'subscribe titles', (onPage) =>
            client.subscribe.templates.allTitles(ids, { onPage }),
          );
    const found =
      keyword === undefined || keyword === ''
        ? walked
        : walked.filter((t) => t.title.toLowerCase().includes(keyword));
    if (ids.length === 0) {
      ctx.io.stderr.write('wxtpl: the account has no categories: pass --category IDS\n');
    }
    ctx.print(found, () => `${titleTable(found)}\n${titlesCount(found.length, walked.length)}`);
  });
}

async function accountCategoryIds(client: WeChatClient): Promise<number[]> {
  return (await client.subscribe.templates.categories()).data.map((c) => c.id);
}

function titleTable(list: readonly PubTemplateTitle[]): string {
  return formatTable(
    ['TID', 'TITLE', 'KIND', 'CATEGORY'],
    list.map((t) => [String(t.tid), t.title, kindName(t.type), t.categoryId]),
  );
}

function titlesCount(found: number, walked: number): string {
  return found === walked ? plural(found, 'title') : `${found} of ${plural(walked, 'title')}`;
}

/** `wxtpl subscribe keywords TID` */
export async function keywords(ctx: CommandContext): Promise<void> {
  const tid = integer(positional(ctx, 1, 'TID'), 'TID', 1);
  await withClient(ctx, async (client) => {
    const list = (await client.subscribe.templates.keywords(tid)).data;
    printTable(
      ctx,
      list,
      ['KID', 'NAME', 'KEY', 'EXAMPLE'],
      list,
      (k) => [String(k.kid), k.name, `${k.rule}${k.kid}`, k.example],
      plural(list.length, 'keyword'),
    );
  });
}
