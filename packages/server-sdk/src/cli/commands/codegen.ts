import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccountTemplate } from '@wxtpl/shared-types';
import { generateTemplateModule } from '../codegen.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { plural } from '../plural.js';
import { collectAll } from './paging.js';

/** `wxtpl codegen --out FILE.ts [--import-from MODULE]` */
export const codegenCommand: CliCommand = {
  name: 'codegen',
  synopsis: `  wxtpl codegen --out FILE.ts [--import-from MODULE]
                                                write defineTemplate() definitions of the account's templates`,
  usage: `Usage: wxtpl codegen --out FILE.ts [--import-from MODULE] [--json]

Writes one defineTemplate() per template of the account to FILE.ts, keyword names taken from the
template content (购买地点{{keyword1.DATA}} → 购买地点: 'keyword1'). The output is sorted and has
no timestamp, so running it again gives a clean diff.

--import-from  the module that exports defineTemplate (default @wxtpl/server-sdk; use
               @wxtpl/shared-types for a file the mini-program imports too)

Examples:
  wxtpl codegen --out src/templates.ts
  wxtpl codegen --out shared/templates.ts --import-from @wxtpl/shared-types
`,
  options: ['out', 'import-from'],
  expectsValue: () => false,
  async run(ctx) {
    const out = ctx.flags.out;
    if (!out) throw new UsageError('codegen needs --out FILE.ts', '--out');
    const client = await ctx.client();
    let templates: AccountTemplate[];
    try {
      templates = await collectAll(ctx, 'templates', (onPage) => client.templates.all({ onPage }));
    } finally {
      await client.close();
    }
    const source = generateTemplateModule(templates, {
      appId: client.appId,
      ...(ctx.flags['import-from'] === undefined ? {} : { importFrom: ctx.flags['import-from'] }),
    });
    const path = resolve(ctx.io.cwd, out);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, source, 'utf8');
    ctx.print(
      { out: path, templates: templates.length },
      () => `wrote ${plural(templates.length, 'template')} to ${out}`,
    );
  },
};
