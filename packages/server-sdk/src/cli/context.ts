import { WeChatClient } from '../client/client.js';
import { type Credentials, resolveCredentials } from './credentials.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import type { Flags } from './options.js';
import { type TokenSource, tokenSource } from './token-source.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/** What a command runs with. */
export interface CommandContext {
  io: CliIo;
  flags: Flags;
  /** Positional arguments after the command name. */
  args: string[];
  /** Creates the client from flags and environment; the caller closes it. */
  client(): Promise<WeChatClient>;
  /** Prints a value: JSON with `--json`, else the human text. */
  print(value: unknown, human: () => string): void;
  /**
   * What the user typed for an option path of the SDK (`baseUrl` → `--base-url` or
   * `WXTPL_BASE_URL`, `count` → `--count`), so an SDK error names the flag.
   */
  argumentLabel(path: string): string | undefined;
  /** Closes what the run opened besides the client (the servers' Redis store). */
  dispose(): Promise<void>;
}

// SDK option paths whose value comes straight from one flag or argument.
const FLAG_OF_PATH: Readonly<Record<string, string>> = {
  timeoutMs: '--timeout',
  offset: '--offset',
  count: '--count',
  id: 'ID',
  templateId: 'TEMPLATE_ID',
  keywordIds: 'KEYWORD_IDS',
  touser: '--to',
  template_id: '--template',
  form_id: '--form-id',
  page: '--page',
  data: '--data',
  tid: 'TID',
  kidList: '--kids',
  sceneDesc: '--scene',
  priTmplId: 'PRI_TMPL_ID',
  categoryIds: '--category',
  miniprogram_state: '--state',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Human output, fit for a terminal: what WeChat answered (titles, contents, examples) may carry
 * escape sequences, which would retitle the window or clear and hide output; they become spaces.
 * (`--json` output needs nothing: JSON escapes them.)
 */
export function printable(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, ' ');
}

/** Builds the context of one CLI run. */
export function createContext(io: CliIo, flags: Flags, args: string[]): CommandContext {
  let credentials: Credentials | undefined;
  const opened: TokenSource[] = [];
  return {
    io,
    flags,
    args,
    async client() {
      const timeoutMs =
        flags.timeout === undefined ? undefined : integer(flags.timeout, '--timeout', 1);
      const tokens = tokenSource(flags, io);
      opened.push(tokens);
      credentials = await resolveCredentials(flags, io, timeoutMs ?? DEFAULT_TIMEOUT_MS, {
        secretOptional: tokens.tokenGiven,
      });
      return new WeChatClient({
        appId: credentials.appId.value,
        ...(credentials.appSecret === undefined ? {} : { appSecret: credentials.appSecret.value }),
        baseUrl: credentials.baseUrl.value,
        ...tokens.options,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    },
    async dispose() {
      await Promise.all(opened.splice(0).map((source) => source.close()));
    },
    print(value, human) {
      io.stdout.write(
        flags.json ? `${JSON.stringify(value, null, 2)}\n` : `${printable(human())}\n`,
      );
    },
    argumentLabel(path) {
      if (credentials !== undefined) {
        if (path === 'appId') return credentials.appId.source;
        if (path === 'appSecret') return credentials.appSecret?.source;
        if (path === 'baseUrl') return credentials.baseUrl.source;
      }
      const root = path.replace(/[[.].*$/, '');
      return FLAG_OF_PATH[root];
    },
  };
}

/** A comma-separated list of ids, each an integer ≥ 1 (`1,2,3`); `name` as for {@link integer}. */
export function idList(text: string, name: string): number[] {
  return text.split(',').map((part) => integer(part, name, 1));
}

/** Runs `use` with the context's client, and closes the client after it whatever happens. */
export async function withClient<T>(
  ctx: CommandContext,
  use: (client: WeChatClient) => Promise<T>,
): Promise<T> {
  const client = await ctx.client();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Parses an integer flag or argument between `min` and `max`; errors name it as typed. */
export function integer(
  text: string,
  name: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${name} must be an integer ${range}, got "${text}"`, name);
  }
  return value;
}

/** Parses a flag holding a JSON object; errors name the flag, show `example` and say what it holds. */
export function jsonObject(
  text: string,
  name: string,
  example: string,
  holding: string,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} must be JSON, e.g. ${example}`, name);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${name} must be a JSON object of ${holding}`, name);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The keywords of a `--data` object: every key matches `key` (`like` gives examples in the
 * error), every value is a string, returned as `{ value }`, or an object with a string `value`,
 * returned as given. At least one keyword.
 */
export function keywordData(
  parsed: Record<string, unknown>,
  key: RegExp,
  like: string,
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!key.test(name)) throw new UsageError(`--data keys are ${like}, got "${name}"`, '--data');
    if (typeof value === 'string') data[name] = { value };
    else if (
      typeof value === 'object' &&
      value !== null &&
      'value' in value &&
      typeof value.value === 'string'
    ) {
      data[name] = value as { value: string };
    } else {
      throw new UsageError(`--data ${name} must be a string or {"value": "..."}`, '--data');
    }
  }
  if (Object.keys(data).length === 0) throw new UsageError('--data names no keyword', '--data');
  return data;
}

/** The n-th positional argument of a command, or a usage error naming it. */
export function positional(ctx: CommandContext, index: number, name: string): string {
  const value = ctx.args[index];
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`, name);
  return value;
}
