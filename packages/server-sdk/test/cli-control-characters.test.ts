import { describe, expect, it } from 'vitest';
import { createContext } from '../src/cli/context.js';
import { formatTable } from '../src/cli/table.js';
import { captureIo } from './helpers/run-cli.js';

// Red-team finding: `wxtpl templates …` and `wxtpl library …` print WeChat's titles, contents and
// examples; a lying WeChat (or a proxy) put terminal escape sequences in them, and the CLI passed
// them to the terminal (retitling the window, clearing or hiding output).
const hostile = '\u001b]0;pwned\u0007购买成功\u001b[2J\rforged\u009b31m';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('the CLI prints no control character WeChat gave it', () => {
  it('human output: tables and lines', () => {
    const { io, out: written } = captureIo({}, false);
    const ctx = createContext(io, {} as never, []);
    ctx.print(
      { title: hostile },
      () => `T1 ${hostile}\n${formatTable(['title', 'id'], [[hostile, 'T1']])}`,
    );
    const out = written.join('');
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain('购买成功');
    expect(out).toContain('forged');
    expect(out.split('\n').length).toBe(5);
  });

  it('--json output stays exact JSON (escaped by JSON itself)', () => {
    const { io, out: written } = captureIo({}, false);
    createContext(io, { json: true } as never, []).print({ title: hostile }, () => hostile);
    const out = written.join('');
    expect(JSON.parse(out)).toEqual({ title: hostile });
    expect(out).not.toContain('\u001b');
  });
});
