import { describe, expect, it } from 'vitest';
import { describeErrcode, Errcode, isTokenErrcode, TOKEN_ERRCODES } from '../src/index.js';

const REQUIRED = [
  -1, 0, 40001, 40002, 40003, 40013, 40014, 40029, 40037, 40125, 41028, 41029, 41030, 42001, 45009,
];

describe('describeErrcode', () => {
  it.each(REQUIRED)('knows %i in Chinese and English', (code) => {
    const info = describeErrcode(code);
    expect(info.known).toBe(true);
    expect(info.errcode).toBe(code);
    expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(info.en).toMatch(/[a-z]/i);
    expect(info.name).not.toBe('UNKNOWN');
    expect(Errcode[info.name as keyof typeof Errcode]).toBe(code);
  });

  it('gives the send errors the reference document lists their meaning', () => {
    expect(describeErrcode(40037).zh).toContain('template_id');
    expect(describeErrcode(41028).zh).toContain('form_id');
    expect(describeErrcode(41029).zh).toContain('已被使用');
    expect(describeErrcode(41030).zh).toContain('page');
    expect(describeErrcode(45009).zh).toContain('100万');
  });

  it('classifies what a caller must do', () => {
    expect(describeErrcode(0).action).toBe('ok');
    expect(describeErrcode(-1).action).toBe('backoff');
    for (const code of [40001, 40014, 42001]) expect(describeErrcode(code).action).toBe('token');
    for (const code of [41028, 41029]) expect(describeErrcode(code).action).toBe('credit');
    for (const code of [40037, 41030, 45009, 40003])
      expect(describeErrcode(code).action).toBe('fatal');
  });

  it('describes an unknown code honestly instead of throwing', () => {
    const info = describeErrcode(99999);
    expect(info).toMatchObject({ errcode: 99999, known: false, name: 'UNKNOWN', action: 'fatal' });
    expect(info.en).toContain('99999');
    expect(describeErrcode(Number.NaN).known).toBe(false);
  });

  it('never maps two names to one code', () => {
    const codes = Object.values(Errcode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('token errcodes', () => {
  it('are exactly 40001, 40014 and 42001', () => {
    expect([...TOKEN_ERRCODES].sort()).toEqual([40001, 40014, 42001]);
    expect(isTokenErrcode(40001)).toBe(true);
    expect(isTokenErrcode(41028)).toBe(false);
    expect(isTokenErrcode(-1)).toBe(false);
  });
});
