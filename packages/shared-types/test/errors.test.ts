import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, TemplateDataError, WxtplError } from '../src/index.js';

describe('the error family', () => {
  it('gives every error a stable code and keeps the cause', () => {
    const cause = new Error('root');
    const error = new WxtplError('SOMETHING', 'it failed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('SOMETHING');
    expect(error.cause).toBe(cause);
    expect(new InvalidArgumentError('count must be 1..20', 'count')).toMatchObject({
      name: 'InvalidArgumentError',
      code: 'INVALID_ARGUMENT',
      path: 'count',
    });
    const data = new TemplateDataError('bad', 'data.place');
    expect(data).toBeInstanceOf(WxtplError);
    expect(data).toMatchObject({ code: 'TEMPLATE_DATA', path: 'data.place' });
  });
});
