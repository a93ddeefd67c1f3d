import type { CliCommand } from '../command.js';
import { positional, withClient } from '../context.js';
import { UsageError } from '../errors.js';
import { plural } from '../plural.js';
import { formatTable, printTable } from '../table.js';
import { collectAll, pageOf } from './paging.js';

/** `wxtpl library list|get` */
export const libraryCommand: CliCommand = {
  name: 'library',
  synopsis: `  wxtpl library list [--all] [--offset N] [--count N]
                                                titles of WeChat's template library
  wxtpl library get ID                          keywords of a library title (e.g. AT0002)`,
  usage: `Usage:
  wxtpl library list [--all] [--offset N] [--count N] [--json]
  wxtpl library get ID [--json]

list   titles of WeChat's public template library: one page (--offset from 0, --count 1..20,
       default 20), or every page with --all
get    the keywords of one title, with the KEYWORD_ID each has in \`wxtpl templates add\`

Examples:
  wxtpl library list --count 5
  wxtpl library list --all --json > library.json
  wxtpl library get AT0002
`,
  options: ['all', 'offset', 'count'],
  expectsValue: (args) => args[0] === 'get' && args.length === 1,
  async run(ctx) {
    const action = positional(ctx, 0, 'library action (list or get)');
    if (action !== 'list' && action !== 'get') {
      throw new UsageError(`unknown library action "${action}" (expected list or get)`, action);
    }
    const page = action === 'list' && !ctx.flags.all ? pageOf(ctx) : undefined;
    const id = action === 'get' ? positional(ctx, 1, 'library title ID') : undefined;
    await withClient(ctx, async (client) => {
      if (id !== undefined) {
        const entry = await client.templates.library.get(id);
        ctx.print(
          entry,
          () =>
            `${entry.id} ${entry.title}\n${formatTable(
              ['KEYWORD_ID', 'NAME', 'EXAMPLE'],
              entry.keyword_list.map((k) => [String(k.keyword_id), k.name, k.example]),
            )}`,
        );
      } else if (page === undefined) {
        const titles = await collectAll(ctx, 'library titles', (onPage) =>
          client.templates.library.all({ onPage }),
        );
        printTable(
          ctx,
          titles,
          ['ID', 'TITLE'],
          titles,
          (t) => [t.id, t.title],
          plural(titles.length, 'title'),
        );
      } else {
        const answer = await client.templates.library.list(page);
        printTable(
          ctx,
          answer,
          ['ID', 'TITLE'],
          answer.list,
          (t) => [t.id, t.title],
          `${answer.list.length} of ${plural(answer.total_count, 'title')}`,
        );
      }
    });
  },
};
