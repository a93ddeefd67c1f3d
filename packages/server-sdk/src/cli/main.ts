import { parseArgs } from 'node:util';
import {
  InvalidArgumentError,
  WeChatApiError,
  WeChatTransportError,
  WxtplError,
} from '../errors.js';
import { codegenCommand } from './commands/codegen.js';
import { lintCommand } from './commands/lint.js';
import { sendCommand } from './commands/send.js';
import { libraryCommand, templatesCommand, tokenCommand } from './commands/templates.js';
import { type CommandContext, createContext, type Flags } from './context.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { USAGE } from './usage.js';

const OPTIONS = {
  appid: { type: 'string' },
  secret: { type: 'string' },
  'base-url': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  all: { type: 'boolean' },
  offset: { type: 'string' },
  count: { type: 'string' },
  to: { type: 'string' },
  template: { type: 'string' },
  'form-id': { type: 'string' },
  data: { type: 'string' },
  page: { type: 'string' },
  emphasis: { type: 'string' },
  out: { type: 'string' },
  'import-from': { type: 'string' },
  timeout: { type: 'string' },
} as const;

type Command = (ctx: CommandContext) => Promise<number | undefined> | Promise<void>;

const COMMANDS: Record<string, Command> = {
  token: tokenCommand,
  library: libraryCommand,
  templates: templatesCommand,
  send: sendCommand,
  lint: lintCommand,
  codegen: codegenCommand,
};

/** Runs `wxtpl` with `argv` (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: { values: Flags & { help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`wxtpl: ${(error as Error).message}\nRun wxtpl --help for usage.\n`);
    return 2;
  }
  const [name, ...args] = parsed.positionals;
  if (parsed.values.help || name === undefined || name === 'help') {
    (name === undefined && !parsed.values.help ? io.stderr : io.stdout).write(USAGE);
    return name === undefined && !parsed.values.help ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`wxtpl: unknown command "${name}"\nRun wxtpl --help for usage.\n`);
    return 2;
  }
  try {
    const status = await command(createContext(io, parsed.values, args));
    return typeof status === 'number' ? status : 0;
  } catch (error) {
    return report(error, io, parsed.values.json === true);
  }
}

function report(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof UsageError || error instanceof InvalidArgumentError) {
    io.stderr.write(`wxtpl: ${error.message}\nRun wxtpl --help for usage.\n`);
    return 2;
  }
  if (error instanceof WeChatApiError) {
    if (json) {
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
