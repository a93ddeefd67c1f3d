import { UsageError } from './errors.js';

/** A flag: `--name VALUE` / `--name=VALUE` (string) or `--name` (boolean). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** What the parser needs to know about the command line being parsed. */
export interface ArgsGrammar {
  options: Readonly<Record<string, OptionSpec>>;
  /**
   * Whether the next positional, after `positionals`, is a value (an id, a file name) rather than
   * a command word. Only a value may start with `-`: template ids are base64url, so 1 in 64 does.
   */
  expectsValue(positionals: readonly string[]): boolean;
}

/** A parsed command line: flags as typed (string values verbatim) and positionals in order. */
export interface ParsedArgs {
  flags: Record<string, string | boolean>;
  positionals: string[];
}

/**
 * Parses `argv` so that every valid id works both as a positional and as an option value:
 * - `--name VALUE` and `--name=VALUE` take VALUE verbatim, even when it starts with `-`;
 * - a token starting with `-` that is not a known flag is a positional where a value is expected
 *   (`wxtpl templates delete -gMXut…`), and an unknown option elsewhere;
 * - everything after `--` is positional.
 */
export function parseArgs(argv: readonly string[], grammar: ArgsGrammar): ParsedArgs {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const shorts = new Map(
    Object.entries(grammar.options)
      .filter(([, spec]) => spec.short !== undefined)
      .map(([name, spec]) => [`-${spec.short}`, name]),
  );
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const name = optionName(token, grammar, shorts);
    if (name === undefined) {
      if (token.startsWith('-') && token !== '-' && !grammar.expectsValue(positionals)) {
        // `--secert=…`: the value of a mistyped option may well be a secret; never repeat it.
        const eq = token.startsWith('--') ? token.indexOf('=') : -1;
        const shown = eq === -1 ? token : `${token.slice(0, eq)}=…`;
        throw new UsageError(`unknown option ${shown}`, shown);
      }
      positionals.push(token);
      continue;
    }
    const spec = grammar.options[name] as OptionSpec;
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, `--${name}`);
      flags[name] = true;
    } else if (eq !== -1) {
      flags[name] = token.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`, `--${name}`);
      flags[name] = argv[++i] as string;
    }
  }
  return { flags, positionals };
}

function optionName(
  token: string,
  grammar: ArgsGrammar,
  shorts: ReadonlyMap<string, string>,
): string | undefined {
  if (token.startsWith('--')) {
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    return Object.hasOwn(grammar.options, name) ? name : undefined;
  }
  return shorts.get(token);
}
