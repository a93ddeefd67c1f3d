import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lintTemplateProposal } from '../../lint/lint.js';
import type { TemplateProposal } from '../../lint/types.js';
import { type CommandContext, positional } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable } from '../table.js';

/** `wxtpl lint FILE.json`; resolves to the exit status (1 when an error is found). */
export async function lintCommand(ctx: CommandContext): Promise<number> {
  const file = positional(ctx, 0, 'FILE.json');
  let proposal: TemplateProposal;
  try {
    proposal = JSON.parse(await readFile(resolve(ctx.io.cwd, file), 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const report = lintTemplateProposal(proposal);
  ctx.print(report, () => {
    if (report.findings.length === 0) return `${file}: no findings`;
    const table = formatTable(
      ['RULE', 'SEVERITY', 'WHERE', 'MESSAGE'],
      report.findings.map((f) => [f.rule, f.severity, f.path, f.message]),
    );
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    return `${table}\n${errors} error(s), ${report.findings.length - errors} warning(s)`;
  });
  return report.ok ? 0 : 1;
}
