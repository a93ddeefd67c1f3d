import { InvalidArgumentError } from '../errors.js';

/**
 * A command line the CLI cannot run; exits with status 2 and a hint to `--help`. `path` names
 * what the user typed: a flag (`--count`), an environment variable or an argument (`TEMPLATE_ID`).
 */
export class UsageError extends InvalidArgumentError {
  override name = 'UsageError';
}
