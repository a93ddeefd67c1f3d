/** A command line the CLI cannot run; exits with status 2 and a hint to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}
