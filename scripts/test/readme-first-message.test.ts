import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../lib/workspace.ts';
import { extractCodeBlocks } from '../readme-snippets/markdown.ts';

const README = join(ROOT, 'packages/server-sdk/README.md');
const HEADING = '## Try it: a first subscribe message';

// The README's first script is what a new user runs before anything else: it must run as printed,
// on the built packages, and deliver the message it describes.
describe("the server SDK README's first subscribe message", () => {
  it('runs as printed and lands in the emulator inbox', async () => {
    const markdown = readFileSync(README, 'utf8');
    const headingLine = markdown.split('\n').indexOf(HEADING) + 1;
    expect(headingLine, `${HEADING} is gone from the README`).toBeGreaterThan(0);
    const block = extractCodeBlocks(markdown).blocks.find((b) => b.fenceLine > headingLine);
    if (block === undefined) throw new Error(`no code block after ${HEADING}`);
    // Inside the repository, where node resolves @wxtpl/* to the workspace packages' builds.
    const folder = join(ROOT, '.readme-snippets');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'first-message.mjs');
    writeFileSync(file, block.lines.join('\n'));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [file], { cwd: ROOT, timeout: 60_000 }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      );
    });
    expect(stdout).toContain('订单支付成功通知');
    expect(stdout).toMatch(/thing1: \{ value: '拿铁咖啡（大杯）' \}/);
    expect(stdout).toMatch(/time3: \{ value: '\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}' \}/);
  });
});
