import {
  InvalidArgumentError,
  WeChatApiError,
  WeChatTransportError,
  WxtplError,
} from '../errors.js';
import { parseArgs } from './args.js';
import type { CliCommand } from './command.js';
import { campaignCommand } from './commands/campaign.js';
import { checkCommand } from './commands/check.js';
import { codegenCommand } from './commands/codegen.js';
import { libraryCommand } from './commands/library.js';
import { lintCommand } from './commands/lint.js';
import { sendCommand } from './commands/send.js';
import { subscribeCommand } from './commands/subscribe.js';
import { templatesCommand } from './commands/templates.js';
import { tokenCommand } from './commands/token.js';
import { type CommandContext, createContext } from './context.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { COMMON_OPTIONS, type Flags, OPTIONS, type OptionName } from './options.js';
import { commandUsage, globalUsage } from './usage.js';

const COMMANDS: readonly CliCommand[] = [
  tokenCommand,
  libraryCommand,
  templatesCommand,
  sendCommand,
  subscribeCommand,
  lintCommand,
  codegenCommand,
  checkCommand,
  campaignCommand,
];

function findCommand(name: string | undefined): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** Runs `wxtpl` with `argv` (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let flags: Flags;
  let positionals: string[];
  try {
    ({ flags, positionals } = parseArgs(argv, {
      options: OPTIONS,
      expectsValue: ([name, ...args]) => findCommand(name)?.expectsValue(args) ?? false,
    }) as { flags: Flags; positionals: string[] });
  } catch (error) {
    return usageFailure(error, io, findCommand(argv.find((a) => !a.startsWith('-'))));
  }
  const [name, ...args] = positionals;
  // `wxtpl help [COMMAND]` and `wxtpl [COMMAND] --help`: the help asked for, of a command that exists.
  const helpFor = name === 'help' ? args[0] : flags.help ? name : null;
  if (helpFor !== null) {
    if (helpFor === undefined || helpFor === 'help') {
      io.stdout.write(globalUsage(COMMANDS));
      return 0;
    }
    const topic = findCommand(helpFor);
    if (topic === undefined) return unknownCommand(helpFor, io);
    io.stdout.write(commandUsage(topic));
    return 0;
  }
  if (name === undefined) {
    io.stderr.write(globalUsage(COMMANDS));
    return 2;
  }
  const command = findCommand(name);
  if (command === undefined) return unknownCommand(name, io);
  const ctx = createContext(io, flags, args);
  try {
    checkOptions(command, flags);
    const status = await command.run(ctx);
    return typeof status === 'number' ? status : 0;
  } catch (error) {
    return report(error, ctx, command);
  } finally {
    await ctx.dispose().catch(() => {});
  }
}

function unknownCommand(name: string, io: CliIo): number {
  io.stderr.write(`wxtpl: unknown command "${name}"\nRun wxtpl --help for usage.\n`);
  return 2;
}

function checkOptions(command: CliCommand, flags: Flags): void {
  for (const name of Object.keys(flags) as OptionName[]) {
    if (!COMMON_OPTIONS.includes(name) && !command.options.includes(name)) {
      throw new UsageError(`wxtpl ${command.name} does not take --${name}`, `--${name}`);
    }
  }
}

function usageFailure(error: unknown, io: CliIo, command: CliCommand | undefined): number {
  const help = command === undefined ? 'wxtpl --help' : `wxtpl ${command.name} --help`;
  io.stderr.write(`wxtpl: ${(error as Error).message}\nRun ${help} for usage.\n`);
  return 2;
}

function report(error: unknown, ctx: CommandContext, command: CliCommand): number {
  const { io } = ctx;
  if (error instanceof UsageError) return usageFailure(error, io, command);
  if (error instanceof InvalidArgumentError) {
    // Refused by the SDK: say it with the flag or variable the user typed.
    const label = ctx.argumentLabel(error.path);
    const message =
      label === undefined
        ? error.message
        : error.message.startsWith(error.path)
          ? `${label}${error.message.slice(error.path.length)}`
          : `${label}: ${error.message}`;
    return usageFailure(new UsageError(message, label ?? error.path), io, command);
  }
  if (error instanceof WeChatApiError) {
    if (ctx.flags.json) {
      io.stdout.write(
        `${JSON.stringify({ errcode: error.errcode, errmsg: error.errmsg, path: error.path, zh: error.zh, en: error.en }, null, 2)}\n`,
      );
    }
    io.stderr.write(
      `wxtpl: WeChat refused ${error.path} with errcode ${error.errcode}: ${error.en} (${error.zh})\n`,
    );
    return 1;
  }
  if (error instanceof WeChatTransportError || error instanceof WxtplError) {
    io.stderr.write(`wxtpl: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(
    `wxtpl: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  return 1;
}
