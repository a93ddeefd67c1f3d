import { InvalidArgumentError } from '../../errors.js';
import type { VerifiableDefinition, VerifyReport } from '../../templates/verify.js';
import type { CliCommand } from '../command.js';
import { positional } from '../context.js';
import { readDefinitionsFile } from '../definitions-file.js';
import { UsageError } from '../errors.js';
import { createProgress } from '../io.js';
import { plural } from '../plural.js';
import { formatTable } from '../table.js';

/** `wxtpl check FILE`; exits 1 when a definition differs from the account. */
export const checkCommand: CliCommand = {
  name: 'check',
  synopsis: `  wxtpl check FILE                              compare definitions of both kinds with the account`,
  usage: `Usage: wxtpl check FILE [--json]

Compares the template definitions of FILE (defineTemplate and defineSubscribeTemplate, both
kinds at once) with the account's templates, every page of them, and reports:

  missing-template        no template of the account has the definition's id      (error)
  wrong-kind              the id is a template of the other kind                   (error)
  long-term-mismatch      longTerm differs from the account's type 2 / 3           (error)
  unknown-slot            a keyword maps to a slot the template lacks (keyword9)   (error)
  kind-mismatch           a subscribe keyword has the wrong kind (thing3 for enum3) (error)
  unfilled-slot           a slot of the template no keyword fills                  (error)
  enum-value-unknown      an enum value the account does not allow                 (error)
  enum-values-incomplete  enum values not listed, or listed in part                (warning)
  title-mismatch          the account's title differs                              (warning)

FILE is JavaScript (.js, .mjs, .cjs: every export that is a definition, e.g. the compiled
wxtpl codegen output) or JSON (a list of definitions, or an object of them by name).
TypeScript is not loaded: check the compiled file.

Exit status 1 when any issue is an error.

Examples:
  wxtpl check dist/templates.js
  wxtpl check templates.json --json
`,
  options: [],
  expectsValue: (args) => args.length === 0,
  async run(ctx) {
    const file = positional(ctx, 0, 'FILE');
    const named = await readDefinitionsFile(ctx.io.cwd, file);
    const client = await ctx.client();
    const progress = createProgress(ctx.io, 'templates');
    let report: VerifyReport;
    try {
      report = await client.templates.verify(
        named.map((n) => n.definition as VerifiableDefinition),
        { onPage: ({ received }) => progress.update(received) },
      );
    } catch (error) {
      if (error instanceof InvalidArgumentError) {
        // `definitions[2].keywords.b` → the export the user wrote: `预约成功通知.keywords.b`.
        const path = error.path.replace(
          /^definitions\[(\d+)\]/,
          (_, index: string) => named[Number(index)]?.name ?? `[${index}]`,
        );
        const message = error.message.startsWith(error.path)
          ? `${path}${error.message.slice(error.path.length)}`
          : error.message;
        throw new UsageError(`${file}: ${message}`, file);
      }
      throw error;
    } finally {
      progress.done();
      await client.close();
    }
    const issues = report.issues.map((issue) => ({
      name: named[issue.index]?.name ?? `[${issue.index}]`,
      ...issue,
    }));
    ctx.print({ ...report, issues }, () => {
      const errors = issues.filter((i) => i.severity === 'error').length;
      const summary = `${plural(report.checked, 'definition')} checked: ${plural(errors, 'error')}, ${plural(issues.length - errors, 'warning')}`;
      if (issues.length === 0) {
        return `${file}: ${plural(report.checked, 'definition')} ${report.checked === 1 ? 'matches' : 'match'} the account`;
      }
      const table = formatTable(
        ['DEFINITION', 'KIND', 'SEVERITY', 'CODE', 'MESSAGE'],
        issues.map((i) => [i.name, i.kind, i.severity, i.code, i.message]),
      );
      return `${table}\n${summary}`;
    });
    return report.ok ? 0 : 1;
  },
};
