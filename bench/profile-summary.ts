// Self time by function of a V8 .cpuprofile (from bench/profile-notify.ts or `node --cpu-prof`):
//   node bench/profile-summary.ts FILE.cpuprofile [--top 40] [--filter TEXT]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '40' },
    filter: { type: 'string' },
    lines: { type: 'string' },
  },
});
const file = positionals[0];
if (file === undefined) throw new Error('usage: profile-summary FILE.cpuprofile');
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
// Samples are counted, not weighed by their time deltas: on a busy machine the profiler thread
// is descheduled too, and the whole gap would land on whichever sample comes next.
const self = new Map<number, number>();
for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, count] of self) {
  const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
  const where = url
    .replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^file:\/\/.*\/packages\//, '');
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  const area = where === '' ? `(${functionName})` : where.replace(/:\d+$/, '');
  byFile.set(area, (byFile.get(area) ?? 0) + count);
}
const show = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title} (${total} samples)\n`);
  const rows = [...map]
    .filter(([key]) => values.filter === undefined || key.includes(values.filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top));
  for (const [key, count] of rows) {
    process.stdout.write(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}\n`);
  }
};
show('self time by function', byFunction);
show('self time by file', byFile);
if (values.lines !== undefined) {
  // Samples by source line of the functions named (of the built file: open it at those lines).
  const lines = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== values.lines) continue;
    for (const { line, ticks } of node.positionTicks ?? []) {
      const key = `${node.callFrame.url.replace(/^.*\//, '')}:${line}`;
      lines.set(key, (lines.get(key) ?? 0) + ticks);
    }
  }
  process.stdout.write(`\nsamples by line of ${values.lines}\n`);
  for (const [key, ticks] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    process.stdout.write(`${String(ticks).padStart(6)}  ${key}\n`);
  }
}
