import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** What one benchmark row reports. */
export interface BenchResult {
  /** Stable id, e.g. `notify.memory.c16`. */
  id: string;
  /** Row label in the table. */
  benchmark: string;
  figure: number;
  unit: string;
  /** What the figure is compared with, measured in the same run; null for absolute targets. */
  baseline: { label: string; value: number; unit: string } | null;
  /** figure ÷ baseline (or the median of paired ratios, see `details`); null without baseline. */
  ratio: number | null;
  /** The target in words, e.g. `ratio ≥ 0.85`. */
  target: string;
  pass: boolean;
  /** Reported for context, with no target of its own. */
  info?: boolean;
  /** A figure too noisy to gate on in this mode (--quick throughput): reported, never fails the run. */
  indicative?: boolean;
  details?: Record<string, unknown>;
}

/** The whole run, as written to `bench/results/latest.json`. */
export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  mode: 'full' | 'quick';
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  loadAverage: { start: number[]; end: number[] };
  pass: boolean;
  results: BenchResult[];
}

export function machineInfo(): BenchReport['machine'] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function currentLoad(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

export function writeReport(report: BenchReport, file: URL): void {
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** A Markdown table of every row, with a pass/fail column. */
export function renderTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'figure', 'baseline', 'ratio', 'target', 'result'];
  const rows = results.map((r) => [
    r.benchmark,
    `${formatNumber(r.figure)} ${r.unit}`,
    r.baseline ? `${formatNumber(r.baseline.value)} ${r.baseline.unit} (${r.baseline.label})` : '—',
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.target,
    r.info ? 'info' : r.pass ? 'pass' : r.indicative ? 'miss (indicative)' : '**FAIL**',
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
