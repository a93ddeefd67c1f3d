// The human form of a parity report.
import type { Problem } from './compare.ts';
import type { ParityReport } from './pairs.ts';

export function formatReport(report: ParityReport): string {
  const lines: string[] = [];
  for (const pair of report.pairs) {
    const status = pair.problems.length === 0 ? 'ok' : `${pair.problems.length} problems`;
    lines.push(`${pair.original} ⇄ ${pair.translation}: ${status}`);
    for (const problem of pair.problems) lines.push(`  ${formatProblem(problem)}`);
  }
  for (const problem of report.missing) lines.push(formatProblem(problem));
  const count =
    report.missing.length + report.pairs.reduce((sum, pair) => sum + pair.problems.length, 0);
  lines.push(
    `docs-parity: ${report.pairs.length} pairs: ${report.ok ? 'ok' : `${count} problems`}`,
  );
  return lines.join('\n');
}

function formatProblem(problem: Problem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message} [${problem.kind}]`;
}
