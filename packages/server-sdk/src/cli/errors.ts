import { InvalidArgumentError, WxtplError } from '../errors.js';

/**
 * A command line the CLI cannot run; exits with status 2 and a hint to `--help`. `path` names
 * what the user typed: a flag (`--count`), an environment variable or an argument (`TEMPLATE_ID`).
 */
export class UsageError extends InvalidArgumentError {
  override name = 'UsageError';
}

/**
 * No credentials were given and nothing answered at the base URL where the user expected a
 * wxtpl-emulator; exits with status 1 (an operation that failed, not a command line to fix).
 */
export class EmulatorUnreachableError extends WxtplError {
  override name = 'EmulatorUnreachableError';

  constructor(message: string) {
    super('EMULATOR_UNREACHABLE', message);
  }
}
