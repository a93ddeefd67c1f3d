import type { PageRequest } from '@wxtpl/shared-types';
import { type CommandContext, integer, positional } from '../context.js';
import { UsageError } from '../errors.js';
import { createProgress } from '../io.js';
import { formatTable } from '../table.js';

function pageOf(ctx: CommandContext): PageRequest {
  return {
    offset: ctx.flags.offset === undefined ? 0 : integer(ctx.flags.offset, '--offset'),
    count: ctx.flags.count === undefined ? 20 : integer(ctx.flags.count, '--count', 1),
  };
}

async function collect<T>(
  ctx: CommandContext,
  label: string,
  walk: (onPage: (p: { received: number; total?: number }) => void) => AsyncIterable<T>,
): Promise<T[]> {
  const progress = createProgress(ctx.io, label);
  const items: T[] = [];
  try {
    for await (const item of walk((p) => progress.update(p.received, p.total))) items.push(item);
  } finally {
    progress.done();
  }
  return items;
}

/** `wxtpl token` */
export async function tokenCommand(ctx: CommandContext): Promise<void> {
  const client = ctx.client();
  try {
    const token = await client.getAccessToken();
    ctx.print({ access_token: token }, () => token);
  } finally {
    await client.close();
  }
}

/** `wxtpl library list|get` */
export async function libraryCommand(ctx: CommandContext): Promise<void> {
  const action = positional(ctx, 0, 'library action (list or get)');
  const client = ctx.client();
  try {
    if (action === 'list') {
      if (ctx.flags.all) {
        const titles = await collect(ctx, 'library titles', (onPage) =>
          client.templates.library.all({ onPage }),
        );
        ctx.print(
          titles,
          () =>
            `${formatTable(
              ['ID', 'TITLE'],
              titles.map((t) => [t.id, t.title]),
            )}\n${titles.length} titles`,
        );
      } else {
        const page = await client.templates.library.list(pageOf(ctx));
        ctx.print(
          page,
          () =>
            `${formatTable(
              ['ID', 'TITLE'],
              page.list.map((t) => [t.id, t.title]),
            )}\n${page.list.length} of ${page.total_count} titles`,
        );
      }
    } else if (action === 'get') {
      const entry = await client.templates.library.get(positional(ctx, 1, 'library title ID'));
      ctx.print(
        entry,
        () =>
          `${entry.id} ${entry.title}\n${formatTable(
            ['KEYWORD_ID', 'NAME', 'EXAMPLE'],
            entry.keyword_list.map((k) => [String(k.keyword_id), k.name, k.example]),
          )}`,
      );
    } else {
      throw new UsageError(`unknown library action "${action}" (expected list or get)`);
    }
  } finally {
    await client.close();
  }
}

/** `wxtpl templates add|list|delete` */
export async function templatesCommand(ctx: CommandContext): Promise<void> {
  const action = positional(ctx, 0, 'templates action (add, list or delete)');
  if (action === 'add') {
    const id = positional(ctx, 1, 'library title ID');
    const keywordIds = positional(ctx, 2, 'KEYWORD_IDS (e.g. 3,4,5)')
      .split(',')
      .map((part) => integer(part, 'KEYWORD_IDS', 1));
    const client = ctx.client();
    try {
      const added = await client.templates.add(id, keywordIds);
      ctx.print(added, () => added.template_id);
    } finally {
      await client.close();
    }
    return;
  }
  if (action === 'delete') {
    const templateId = positional(ctx, 1, 'TEMPLATE_ID');
    const client = ctx.client();
    try {
      const answer = await client.templates.delete(templateId);
      ctx.print(answer, () => `deleted ${templateId}`);
    } finally {
      await client.close();
    }
    return;
  }
  if (action !== 'list') {
    throw new UsageError(`unknown templates action "${action}" (expected add, list or delete)`);
  }
  const client = ctx.client();
  try {
    const list = ctx.flags.all
      ? await collect(ctx, 'templates', (onPage) => client.templates.all({ onPage }))
      : (await client.templates.list(pageOf(ctx))).list;
    ctx.print(
      list,
      () =>
        `${formatTable(
          ['TEMPLATE_ID', 'TITLE', 'KEYWORDS'],
          list.map((t) => [t.template_id, t.title, keywordSummary(t.content)]),
        )}\n${list.length} templates`,
    );
  } finally {
    await client.close();
  }
}

function keywordSummary(content: string): string {
  return content
    .split('\n')
    .map((line) => line.replace(/\{\{\s*(keyword\d+)\.DATA\s*\}\}/, '=$1').trim())
    .filter(Boolean)
    .join(', ');
}
