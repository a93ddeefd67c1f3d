import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args.js';
import { UsageError } from '../src/cli/errors.js';
import { OPTIONS } from '../src/cli/options.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 43-character template_id (32 random bytes, base64url), optionally forced to start with `prefix`. */
const templateId = (prefix = '') =>
  fc
    .array(fc.constantFrom(...BASE64URL), { minLength: 43, maxLength: 43 })
    .map((chars) => (prefix + chars.join('')).slice(0, 43));

// The grammar of `wxtpl templates delete TEMPLATE_ID`: the third positional is a value.
const grammar = {
  options: OPTIONS,
  expectsValue: (positionals: readonly string[]) =>
    positionals[0] === 'templates' && positionals[1] === 'delete' && positionals.length === 2,
};

describe('wxtpl argument parsing', () => {
  for (const prefix of ['', '-', '--']) {
    it(`keeps every template id verbatim${prefix ? `, ids starting with ${prefix} included` : ''}`, () => {
      fc.assert(
        fc.property(templateId(prefix), (id) => {
          expect(parseArgs(['templates', 'delete', id], grammar).positionals).toEqual([
            'templates',
            'delete',
            id,
          ]);
          expect(parseArgs(['templates', 'delete', '--', id], grammar).positionals[2]).toBe(id);
          expect(parseArgs(['send', '--template', id], grammar).flags.template).toBe(id);
          expect(parseArgs(['send', `--template=${id}`], grammar).flags.template).toBe(id);
          expect(parseArgs(['send', '--to', id, '--json'], grammar).flags).toEqual({
            to: id,
            json: true,
          });
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses unknown options where no value is expected, naming them', () => {
    expect(() => parseArgs(['token', '--bogus'], grammar)).toThrow(UsageError);
    expect(() => parseArgs(['templates', 'list', '-gMXut'], grammar)).toThrow(
      'unknown option -gMXut',
    );
    expect(() => parseArgs(['send', '--template'], grammar)).toThrow('--template needs a value');
    expect(() => parseArgs(['token', '--json=yes'], grammar)).toThrow('--json takes no value');
  });

  it('reads known flags anywhere, -h included, and everything after -- as positional', () => {
    expect(parseArgs(['templates', 'delete', '-h'], grammar).flags).toEqual({ help: true });
    expect(parseArgs(['--json', 'templates', 'delete', '-x', '--', '--json'], grammar)).toEqual({
      flags: { json: true },
      positionals: ['templates', 'delete', '-x', '--json'],
    });
  });
});
