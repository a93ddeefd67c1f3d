import { WECHAT_API_BASE_URL } from '@wxtpl/shared-types';
import { WeChatClient } from '../client/client.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** Parsed flags every command may read. */
export interface Flags {
  appid?: string | undefined;
  secret?: string | undefined;
  'base-url'?: string | undefined;
  json?: boolean | undefined;
  all?: boolean | undefined;
  offset?: string | undefined;
  count?: string | undefined;
  to?: string | undefined;
  template?: string | undefined;
  'form-id'?: string | undefined;
  data?: string | undefined;
  page?: string | undefined;
  emphasis?: string | undefined;
  out?: string | undefined;
  'import-from'?: string | undefined;
  timeout?: string | undefined;
}

/** What a command runs with. */
export interface CommandContext {
  io: CliIo;
  flags: Flags;
  args: string[];
  /** Creates the client from flags and environment; the caller closes it. */
  client(): WeChatClient;
  /** Prints a value: JSON with `--json`, else the human text. */
  print(value: unknown, human: () => string): void;
}

/** Builds the context of one CLI run. */
export function createContext(io: CliIo, flags: Flags, args: string[]): CommandContext {
  return {
    io,
    flags,
    args,
    client() {
      const appId = flags.appid ?? io.env.WXTPL_APPID;
      const appSecret = flags.secret ?? io.env.WXTPL_SECRET;
      if (!appId) throw new UsageError('no AppID: pass --appid or set WXTPL_APPID');
      if (!appSecret) throw new UsageError('no AppSecret: set WXTPL_SECRET (or pass --secret)');
      const timeoutMs =
        flags.timeout === undefined ? undefined : integer(flags.timeout, '--timeout', 1);
      return new WeChatClient({
        appId,
        appSecret,
        baseUrl: flags['base-url'] ?? io.env.WXTPL_BASE_URL ?? WECHAT_API_BASE_URL,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    },
    print(value, human) {
      io.stdout.write(flags.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

/** Parses an integer flag or argument, at least `min`. */
export function integer(text: string, name: string, min = 0): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${name} must be an integer ≥ ${min}, got "${text}"`);
  }
  return value;
}

/** The n-th positional argument of a command, or a usage error naming it. */
export function positional(ctx: CommandContext, index: number, name: string): string {
  const value = ctx.args[index];
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`);
  return value;
}
