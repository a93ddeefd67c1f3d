import { type CommandContext, idList, integer, positional, withClient } from '../context.js';
import { UsageError } from '../errors.js';
import { plural } from '../plural.js';
import { printTable } from '../table.js';
import { kindName } from './subscribe-library.js';
import { keywordSummary } from './templates.js';

/** `wxtpl subscribe add TID --kids KIDS [--scene TEXT]` */
export async function add(ctx: CommandContext): Promise<void> {
  const tid = integer(positional(ctx, 1, 'TID'), 'TID', 1);
  const kids = ctx.flags.kids;
  if (kids === undefined || kids === '') {
    throw new UsageError('subscribe add needs --kids KIDS (e.g. --kids 1,2,3)', '--kids');
  }
  const kidList = idList(kids, '--kids');
  await withClient(ctx, async (client) => {
    const added = await client.subscribe.templates.add(tid, kidList, ctx.flags.scene);
    ctx.print({ priTmplId: added.priTmplId }, () => added.priTmplId);
  });
}

/** `wxtpl subscribe list` */
export async function list(ctx: CommandContext): Promise<void> {
  await withClient(ctx, async (client) => {
    const { data } = await client.subscribe.templates.list();
    printTable(
      ctx,
      data,
      ['PRI_TMPL_ID', 'TITLE', 'KIND', 'KEYWORDS'],
      data,
      (t) => [t.priTmplId, t.title, kindName(t.type), keywordSummary(t.content)],
      plural(data.length, 'subscribe template'),
    );
  });
}

/** `wxtpl subscribe delete PRI_TMPL_ID` */
export async function remove(ctx: CommandContext): Promise<void> {
  const priTmplId = positional(ctx, 1, 'PRI_TMPL_ID');
  await withClient(ctx, async (client) => {
    const answer = await client.subscribe.templates.delete(priTmplId);
    ctx.print(answer, () => `deleted ${priTmplId}`);
  });
}
