import { describe, expect, it } from 'vitest';
import { describeErrcode, ERRCODE_RULES, Errcode, errcodeAction } from '../src/index.js';

const REQUIRED = [
  -1, 0, 40001, 40002, 40003, 40013, 40014, 40029, 40037, 40125, 40164, 41028, 41029, 41030, 42001,
  43101, 43107, 43108, 45009, 45011, 45168, 47003, 200011, 200012, 200013, 200014, 200020, 200021,
];

describe('the errcode policy table', () => {
  it.each(REQUIRED)('knows %i in Chinese and English', (code) => {
    const info = describeErrcode(code);
    expect(info.known).toBe(true);
    expect(info.errcode).toBe(code);
    expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(info.en).toMatch(/[a-z]/i);
    expect(info.name).not.toBe('UNKNOWN');
    expect(Errcode[info.name as keyof typeof Errcode]).toBe(code);
  });

  it('gives the send errors the reference documents list their meaning', () => {
    expect(describeErrcode(40037).zh).toContain('template_id');
    expect(describeErrcode(41028).zh).toContain('form_id');
    expect(describeErrcode(41029).zh).toContain('已被使用');
    expect(describeErrcode(41030).zh).toContain('page');
    expect(describeErrcode(45009).zh).toContain('100万');
    expect(describeErrcode(43101).zh).toContain('拒绝');
    expect(describeErrcode(40164).hint).toContain('IP');
  });

  it('says what a caller must do', () => {
    expect(errcodeAction(0)).toBe('ok');
    for (const code of [-1, 45011, 43108]) expect(errcodeAction(code)).toBe('retry');
    for (const code of [40001, 40014, 42001]) expect(errcodeAction(code)).toBe('renew_token');
    for (const code of [41028, 43101]) expect(errcodeAction(code)).toBe('credit_dead');
    expect(errcodeAction(41029)).toBe('credit_used');
    for (const code of [40003, 40037, 41030, 43107, 45168, 47001, 47003]) {
      expect(errcodeAction(code)).toBe('refused');
    }
    expect(errcodeAction(45009)).toBe('quota');
    for (const code of [40013, 40125, 40164, 48001, 200012])
      expect(errcodeAction(code)).toBe('fatal');
  });

  it('describes an unknown code honestly instead of throwing', () => {
    const info = describeErrcode(99999);
    expect(info).toMatchObject({ errcode: 99999, known: false, name: 'UNKNOWN', action: 'fatal' });
    expect(info.en).toContain('99999');
    expect(describeErrcode(Number.NaN).known).toBe(false);
  });

  it('has one row per code', () => {
    const codes = Object.values(ERRCODE_RULES).map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(Errcode)).toEqual(Object.keys(ERRCODE_RULES));
  });
});

describe("the READMEs' errcode table", () => {
  it.each(['README.md', 'README.zh-CN.md'])(
    'in %s is the one generated from the policy table (pnpm --filter @wxtpl/shared-types docs:errcodes)',
    async (name) => {
      const { readFileSync } = await import('node:fs');
      const { READMES, withGeneratedTable } = await import('../scripts/errcode-table.js');
      const path = READMES.find((file) => file.endsWith(`/${name}`));
      if (path === undefined) throw new Error(`errcode-table.ts does not write ${name}`);
      const readme = readFileSync(path, 'utf8');
      // The formatter may align the table's columns: compare cell by cell.
      const cells = (text: string) =>
        text.split('\n').map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|'),
        );
      expect(cells(readme)).toEqual(cells(withGeneratedTable(readme)));
    },
  );
});
