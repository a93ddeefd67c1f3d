import { parseTemplateContent } from '@wxtpl/shared-types';
import type { CliCommand } from '../command.js';
import { type CommandContext, idList, positional, withClient } from '../context.js';
import { UsageError } from '../errors.js';
import { plural } from '../plural.js';
import { printTable } from '../table.js';
import { collectAll, pageOf } from './paging.js';

/** Positional values each action takes after its name. */
const VALUES: Readonly<Record<string, number>> = { add: 2, delete: 1, list: 0 };

/** `wxtpl templates add|list|delete` */
export const templatesCommand: CliCommand = {
  name: 'templates',
  synopsis: `  wxtpl templates add ID KEYWORD_IDS            add a template to the account (KEYWORD_IDS: 3,4,5)
  wxtpl templates list [--all] [--offset N] [--count N]
                                                the account's template messages (subscribe
                                                templates: wxtpl subscribe list)
  wxtpl templates delete TEMPLATE_ID            delete one of the account's templates`,
  usage: `Usage:
  wxtpl templates add ID KEYWORD_IDS [--json]
  wxtpl templates list [--all] [--offset N] [--count N] [--json]
  wxtpl templates delete TEMPLATE_ID [--json]

add      composes a template from library title ID with the keywords KEYWORD_IDS, in that order
         (1 to 10 distinct ids from \`wxtpl library get ID\`); prints the new template_id
list     the account's template messages (模板消息): one page, or every page with --all;
         the account's subscribe templates (订阅消息) are listed by \`wxtpl subscribe list\`
delete   deletes a template of the account

A TEMPLATE_ID may start with "-" (template ids are base64url): pass it as it is, or after "--".

Examples:
  wxtpl templates add AT0002 3,4,5
  wxtpl templates list --all
  wxtpl templates delete -gMXutX0Ml2vn3Tol5wKrZ4Qdy0Hn0XfKQ5M9RlFmGo
  wxtpl templates delete -- --Ml2vn3Tol5wKrZ4Qdy0Hn0XfKQ5M9RlFmGoXutX0
`,
  options: ['all', 'offset', 'count'],
  expectsValue: (args) => args.length >= 1 && args.length <= (VALUES[args[0] as string] ?? 0),
  async run(ctx) {
    const action = positional(ctx, 0, 'templates action (add, list or delete)');
    if (action === 'add') return add(ctx);
    if (action === 'delete') return remove(ctx);
    if (action === 'list') return list(ctx);
    throw new UsageError(
      `unknown templates action "${action}" (expected add, list or delete)`,
      action,
    );
  },
};

async function add(ctx: CommandContext): Promise<void> {
  const id = positional(ctx, 1, 'ID');
  const keywordIds = idList(positional(ctx, 2, 'KEYWORD_IDS'), 'KEYWORD_IDS');
  await withClient(ctx, async (client) => {
    const added = await client.templates.add(id, keywordIds);
    ctx.print(added, () => added.template_id);
  });
}

async function remove(ctx: CommandContext): Promise<void> {
  const templateId = positional(ctx, 1, 'TEMPLATE_ID');
  await withClient(ctx, async (client) => {
    const answer = await client.templates.delete(templateId);
    ctx.print(answer, () => `deleted ${templateId}`);
  });
}

async function list(ctx: CommandContext): Promise<void> {
  const page = ctx.flags.all ? undefined : pageOf(ctx);
  await withClient(ctx, async (client) => {
    const templates =
      page === undefined
        ? await collectAll(ctx, 'templates', (onPage) => client.templates.all({ onPage }))
        : (await client.templates.list(page)).list;
    printTable(
      ctx,
      templates,
      ['TEMPLATE_ID', 'TITLE', 'KEYWORDS'],
      templates,
      (t) => [t.template_id, t.title, keywordSummary(t.content)],
      `${plural(templates.length, 'template')} of template messages (subscribe templates: wxtpl subscribe list)`,
    );
  });
}

/** `购买地点=keyword1, 购买时间=keyword2`: the keywords of a template's content. */
export function keywordSummary(content: string): string {
  return parseTemplateContent(content)
    .map((s) => (s.label === '' ? s.slot : `${s.label}=${s.slot}`))
    .join(', ');
}
