import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args.js';
import { UsageError } from '../src/cli/errors.js';
import { OPTIONS } from '../src/cli/options.js';

// Red-team finding: a mistyped option given with its value (`--secert=…`, `--token=…`) was
// echoed whole in the usage error, so the AppSecret or access_token reached stderr and CI logs.
const grammar = { options: OPTIONS, expectsValue: () => false };
const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

describe('an unknown option never repeats its value', () => {
  it.each([`--secert=${SECRET}`, `--access-token=${SECRET}`, `--app-secret=${SECRET}`])(
    '%s',
    (token) => {
      let error: unknown;
      try {
        parseArgs(['token', token], grammar);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(token.slice(0, token.indexOf('=')));
      expect(inspect(error)).not.toContain(SECRET);
      expect(JSON.stringify(error)).not.toContain(SECRET);
    },
  );
});
