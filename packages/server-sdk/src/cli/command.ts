import type { CommandContext } from './context.js';
import type { OptionName } from './options.js';

/** One `wxtpl` command: how its command line reads, its help, and what it does. */
export interface CliCommand {
  name: string;
  /** Synopsis lines and a one-line description, for `wxtpl --help`. */
  synopsis: string;
  /** `wxtpl NAME --help`: usage, arguments and examples. */
  usage: string;
  /** Flags it takes besides the common ones. */
  options: readonly OptionName[];
  /**
   * Whether the next positional after `args` (the arguments after the command name) is a value
   * such as an id or a file name, which may start with `-`.
   */
  expectsValue(args: readonly string[]): boolean;
  /** Resolves to the exit status (0 when nothing is returned). */
  run(ctx: CommandContext): Promise<number | undefined> | Promise<void>;
}
