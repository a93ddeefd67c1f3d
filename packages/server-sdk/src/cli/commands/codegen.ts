import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccountLists, DefinitionKind } from '../../templates/verify.js';
import { generateDefinitionsModule } from '../codegen.js';
import type { CliCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { plural } from '../plural.js';
import { collectAll } from './paging.js';

/** `wxtpl codegen --out FILE.ts [--kind template|subscribe] [--import-from MODULE]` */
export const codegenCommand: CliCommand = {
  name: 'codegen',
  synopsis: `  wxtpl codegen --out FILE.ts [--kind template|subscribe] [--import-from MODULE]
                                                write typed definitions of the account's templates`,
  usage: `Usage: wxtpl codegen --out FILE.ts [--kind template|subscribe] [--import-from MODULE] [--json]

Writes one definition per template of the account to FILE.ts: defineTemplate() for template
messages, defineSubscribeTemplate() for subscribe messages. Keyword names are taken from the
template content (购买地点{{keyword1.DATA}} → 购买地点: 'keyword1', 商品名称:{{thing1.DATA}} →
商品名称: 'thing1', the data key typing the value by its kind); enum keywords get their values as
enumValues (their data is then one of them), long-term templates longTerm: true. The output is
sorted and has no timestamp, so running it again gives a clean diff.

--kind         only template messages (template) or only subscribe messages (subscribe);
               default both
--import-from  the module that exports defineTemplate and defineSubscribeTemplate (default
               @wxtpl/server-sdk; use @wxtpl/shared-types for a file the mini-program imports too)

Examples:
  wxtpl codegen --out src/templates.ts
  wxtpl codegen --out shared/templates.ts --kind subscribe --import-from @wxtpl/shared-types
`,
  options: ['out', 'kind', 'import-from'],
  expectsValue: () => false,
  async run(ctx) {
    const out = ctx.flags.out;
    if (!out) throw new UsageError('codegen needs --out FILE.ts', '--out');
    const kinds = kindsOf(ctx);
    const client = await ctx.client();
    const account: AccountLists = {};
    try {
      if (kinds.includes('template')) {
        account.templates = await collectAll(ctx, 'templates', (onPage) =>
          client.templates.all({ onPage }),
        );
      }
      if (kinds.includes('subscribe')) {
        account.subscribeTemplates = (await client.subscribe.templates.list()).data ?? [];
      }
    } finally {
      await client.close();
    }
    const source = generateDefinitionsModule(account, {
      appId: client.appId,
      ...(ctx.flags['import-from'] === undefined ? {} : { importFrom: ctx.flags['import-from'] }),
    });
    const path = resolve(ctx.io.cwd, out);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, source, 'utf8');
    const counts = {
      ...(account.templates === undefined ? {} : { templates: account.templates.length }),
      ...(account.subscribeTemplates === undefined
        ? {}
        : { subscribeTemplates: account.subscribeTemplates.length }),
    };
    ctx.print({ out: path, ...counts }, () => {
      const written = [
        ...(counts.templates === undefined ? [] : [plural(counts.templates, 'template')]),
        ...(counts.subscribeTemplates === undefined
          ? []
          : [plural(counts.subscribeTemplates, 'subscribe template')]),
      ];
      return `wrote ${written.join(' and ')} to ${out}`;
    });
  },
};

function kindsOf(ctx: CommandContext): DefinitionKind[] {
  const kind = ctx.flags.kind;
  if (kind === undefined) return ['template', 'subscribe'];
  if (kind === 'template' || kind === 'subscribe') return [kind];
  throw new UsageError(`--kind must be template or subscribe, got "${kind}"`, '--kind');
}
