import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccountTemplate } from '@wxtpl/shared-types';
import { generateTemplateModule } from '../codegen.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { createProgress } from '../io.js';

/** `wxtpl codegen --out FILE.ts [--import-from MODULE]` */
export async function codegenCommand(ctx: CommandContext): Promise<void> {
  const out = ctx.flags.out;
  if (!out) throw new UsageError('codegen needs --out FILE.ts');
  const client = ctx.client();
  const templates: AccountTemplate[] = [];
  const progress = createProgress(ctx.io, 'templates');
  try {
    for await (const template of client.templates.all({
      onPage: (p) => progress.update(p.received),
    })) {
      templates.push(template);
    }
  } finally {
    progress.done();
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
    () => `wrote ${templates.length} template(s) to ${out}`,
  );
}
