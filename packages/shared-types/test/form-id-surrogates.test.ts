import { describe, expect, it } from 'vitest';
import { validateFormId } from '../src/index.js';

// Red-team finding: a formId with a lone UTF-16 surrogate is no text. Redis stores it as U+FFFD,
// so '\ud800x' and '\ud801x' became one id there (the second a "duplicate"), and the id taken
// back for a send was not the one uploaded; the memory store kept them apart.
describe('validateFormId refuses ids that are not well-formed text', () => {
  it.each(['\ud800same-id', 'same-id\udfff', '\udc00\ud800'])('%j', (id) => {
    expect(validateFormId(id)).toBe('control_characters');
  });

  it('keeps well-formed non-ASCII text and surrogate pairs', () => {
    expect(validateFormId('表单-😀-id')).toBeNull();
  });
});
