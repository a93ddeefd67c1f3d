import { describe, expect, it } from 'vitest';
import {
  FAILED_FORM_ID_PREFIX,
  FORM_ID_MAX_LENGTH,
  isMockFormId,
  MOCK_FORM_ID,
  UNAVAILABLE_FORM_ID,
  validateFormId,
} from '../src/index.js';

const REAL = '1c8e4d3f9a2b4c6d8e0f1a2b3c4d5e6f';

describe('isMockFormId', () => {
  it('recognises what DevTools and failed or withdrawn report-submits yield', () => {
    expect(isMockFormId(MOCK_FORM_ID)).toBe(true);
    expect(isMockFormId('the formId is a mock one')).toBe(true);
    expect(isMockFormId(UNAVAILABLE_FORM_ID)).toBe(true);
    expect(isMockFormId(`${FAILED_FORM_ID_PREFIX} timeout`)).toBe(true);
    expect(isMockFormId('requestFormId:fail deprecated')).toBe(true);
  });

  it('accepts real-looking ids and tolerates non-strings', () => {
    expect(isMockFormId(REAL)).toBe(false);
    expect(isMockFormId('wx201410272009395522657a690389285100')).toBe(false);
    expect(isMockFormId(' the formId is a mock one')).toBe(false);
    for (const value of [undefined, null, 42, {}, [], true])
      expect(isMockFormId(value)).toBe(false);
  });
});

describe('validateFormId', () => {
  it('accepts a real formId and a prepay_id', () => {
    expect(validateFormId(REAL)).toBeNull();
    expect(validateFormId('wx201410272009395522657a690389285100')).toBeNull();
    expect(validateFormId('x'.repeat(FORM_ID_MAX_LENGTH))).toBeNull();
  });

  it.each([
    [undefined, 'not_a_string'],
    [null, 'not_a_string'],
    [12345, 'not_a_string'],
    [{ toString: () => REAL }, 'not_a_string'],
    [['a'], 'not_a_string'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['x'.repeat(FORM_ID_MAX_LENGTH + 1), 'too_long'],
    ['y'.repeat(1_000_000), 'too_long'],
    ['abc\u0000def', 'control_characters'],
    ['abc\ndef', 'control_characters'],
    ['abc\u007fdef', 'control_characters'],
    ['abc\u2028def', 'control_characters'],
    [MOCK_FORM_ID, 'mock'],
    [UNAVAILABLE_FORM_ID, 'mock'],
    ['requestFormId:fail timeout', 'mock'],
  ])('refuses %j as %s', (value, reason) => {
    expect(validateFormId(value)).toBe(reason);
  });
});
