import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LibraryTitle } from '@wxtpl/shared-types';
import { InvalidArgumentError } from '../../errors.js';
import { lintTemplateProposal } from '../../lint/lint.js';
import { TITLE_SIMILARITY_THRESHOLD } from '../../lint/similarity.js';
import type { LintReport, TemplateProposal } from '../../lint/types.js';
import type { CliCommand } from '../command.js';
import { type CommandContext, positional, withClient } from '../context.js';
import { UsageError } from '../errors.js';
import { plural } from '../plural.js';
import { formatTable } from '../table.js';
import { collectAll } from './paging.js';

/** `wxtpl lint FILE.json [--against-library]`; exits 1 when an error is found. */
export const lintCommand: CliCommand = {
  name: 'lint',
  synopsis: `  wxtpl lint FILE.json [--against-library]
                                                check a template proposal against the review rules`,
  usage: `Usage: wxtpl lint FILE.json [--against-library] [--json]

Checks a template proposal {"title": "…", "keywords": [{"name": "…", "example": "…"}]} against
the review rules (审核说明) a program can check: 1.3 title ending, 1.4 / 2.3 special symbols,
1.5 a title that names no service (warning, a heuristic), 1.6 marketing, 2.1 / 2.2 duplicate
or near-duplicate keywords, 2.4 examples, 2.5 overly broad keywords. Needs no credentials.

--against-library  also fetches the public library's titles through the API (credentials
                   needed) and checks 1.1 (the same title exists: error) and 1.2 (similarity
                   ≥ ${TITLE_SIMILARITY_THRESHOLD} to a library title: warning). Similarity is
                   1 − edit distance ÷ longer length of the titles without 提醒/通知.

Exit status 1 when any finding is an error.

Examples:
  wxtpl lint proposal.json
  wxtpl lint proposal.json --against-library --json
`,
  options: ['against-library'],
  expectsValue: (args) => args.length === 0,
  async run(ctx) {
    const file = positional(ctx, 0, 'FILE.json');
    let proposal: TemplateProposal;
    try {
      proposal = JSON.parse(await readFile(resolve(ctx.io.cwd, file), 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`, file);
    }
    const library = ctx.flags['against-library'] ? await libraryTitles(ctx) : undefined;
    let report: LintReport;
    try {
      report = lintTemplateProposal(proposal, library === undefined ? {} : { library });
    } catch (error) {
      if (error instanceof InvalidArgumentError) {
        throw new UsageError(`${file}: ${error.message}`, file);
      }
      throw error;
    }
    ctx.print(report, () => {
      const checked =
        library === undefined ? '' : ` (against ${plural(library.length, 'library title')})`;
      if (report.findings.length === 0) return `${file}: no findings${checked}`;
      const table = formatTable(
        ['RULE', 'SEVERITY', 'WHERE', 'MESSAGE'],
        report.findings.map((f) => [f.rule, f.severity, f.path, f.message]),
      );
      const errors = report.findings.filter((f) => f.severity === 'error').length;
      const warnings = report.findings.length - errors;
      return `${table}\n${plural(errors, 'error')}, ${plural(warnings, 'warning')}${checked}`;
    });
    return report.ok ? 0 : 1;
  },
};

async function libraryTitles(ctx: CommandContext): Promise<LibraryTitle[]> {
  return withClient(ctx, async (client) => {
    return await collectAll(ctx, 'library titles', (onPage) =>
      client.templates.library.all({ onPage }),
    );
  });
}
