import { EMULATOR_DEMO_APP } from '@wxtpl/shared-types';
import { randomSessionSecret } from './session.js';

/** Where the example backend sends its WeChat calls. */
export type WeChatMode = 'emulator' | 'wechat';

/** Which messages tell the user: subscribe messages (订阅消息) or template messages (模板消息). */
export type MessageKind = 'subscribe' | 'template';

/** Message push (消息推送) as set in the admin console. */
export interface PushSettings {
  /** The Token. */
  token: string;
  /** The EncodingAESKey (43 characters), for safe or compatible mode. */
  encodingAESKey?: string;
}

/** Everything `createServer` needs; `configFromEnv` builds it from environment variables. */
export interface ExampleServerConfig {
  mode: WeChatMode;
  /**
   * `subscribe` (default): notifications are subscribe messages, paid by the acceptances the app
   * asks for. `template`: template messages paid by formIds, for accounts that still have them.
   */
  messages: MessageKind;
  /** `POST /wechat/push` receives WeChat's message push with these settings; off when unset. */
  push?: PushSettings;
  appId: string;
  appSecret: string;
  /** WeChat API base URL: the emulator's, or `https://api.weixin.qq.com`. */
  baseUrl: string;
  /** Redis for tokens, locks and formIds, and campaigns; memory (and no campaigns) when unset. */
  redisUrl?: string;
  /** In front of every Redis key of the store and the campaigns (several apps on one Redis). */
  redisPrefix: string;
  /** Messages in flight at once in the campaign worker this process runs (with Redis). */
  campaignConcurrency: number;
  /** Signs session tokens; a random one per process when unset (sessions end with it). */
  sessionSecret: string;
  /** Guards the merchant endpoints (ship, deliver): `x-admin-token` header. */
  adminToken: string;
  /** Compose missing templates from WeChat's library at start (default: on in emulator mode). */
  addMissingTemplates: boolean;
  /** Listen address of `main`. */
  host: string;
  port: number;
  /**
   * The whole request (headers and body) must arrive within this many milliseconds, else 408: a
   * client dripping its upload byte by byte cannot hold a connection for ever.
   */
  requestTimeoutMs: number;
  /** On SIGTERM/SIGINT, `main` waits this long for in-flight requests, then exits anyway. */
  shutdownTimeoutMs: number;
  /** Fastify (pino) log level of `main`. */
  logLevel: string;
}

/** Defaults of the values that have one whatever the mode. */
export const CONFIG_DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  requestTimeoutMs: 15_000,
  shutdownTimeoutMs: 30_000,
  logLevel: 'info',
  redisPrefix: 'wxtpl:',
  campaignConcurrency: 8,
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Defaults of a local emulator (`wxtpl-emulator` with no flags). */
export const EMULATOR_DEFAULTS = {
  baseUrl: 'http://127.0.0.1:4100',
  ...EMULATOR_DEMO_APP,
  /** The push Token of emulator mode, for the emulator's push settings of the demo app. */
  pushToken: 'wxtplDemoPush',
} as const;

/** A configuration value that cannot be used. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration. With neither `WXTPL_APPID` nor `WXTPL_SECRET` set, the server talks to
 * a local emulator; with both set, to the real WeChat API (or `WXTPL_BASE_URL`).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ExampleServerConfig {
  const appId = nonEmpty(env.WXTPL_APPID);
  const appSecret = nonEmpty(env.WXTPL_SECRET);
  if ((appId === undefined) !== (appSecret === undefined)) {
    throw new ConfigError('set both WXTPL_APPID and WXTPL_SECRET (or neither, for the emulator)');
  }
  const mode: WeChatMode = appId === undefined ? 'emulator' : 'wechat';
  const baseUrl =
    nonEmpty(env.WXTPL_BASE_URL) ??
    (mode === 'emulator' ? EMULATOR_DEFAULTS.baseUrl : 'https://api.weixin.qq.com');
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(`WXTPL_BASE_URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  const port = Number(nonEmpty(env.PORT) ?? CONFIG_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  }
  const requestTimeoutMs = milliseconds(
    env,
    'REQUEST_TIMEOUT_MS',
    CONFIG_DEFAULTS.requestTimeoutMs,
  );
  const shutdownTimeoutMs = milliseconds(
    env,
    'SHUTDOWN_TIMEOUT_MS',
    CONFIG_DEFAULTS.shutdownTimeoutMs,
  );
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? CONFIG_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const sessionSecret = nonEmpty(env.SESSION_SECRET) ?? randomSessionSecret();
  if (sessionSecret.length < 16) throw new ConfigError('SESSION_SECRET needs 16+ characters');
  const adminToken =
    nonEmpty(env.ADMIN_TOKEN) ?? (mode === 'emulator' ? 'dev-admin-token' : randomSessionSecret());
  const messages = nonEmpty(env.WXTPL_MESSAGES) ?? 'subscribe';
  if (messages !== 'subscribe' && messages !== 'template') {
    throw new ConfigError(
      `WXTPL_MESSAGES must be subscribe or template, got ${JSON.stringify(messages)}`,
    );
  }
  const pushToken =
    nonEmpty(env.WXTPL_PUSH_TOKEN) ??
    (mode === 'emulator' ? EMULATOR_DEFAULTS.pushToken : undefined);
  const pushKey = nonEmpty(env.WXTPL_PUSH_AES_KEY);
  if (pushToken !== undefined && !/^[A-Za-z0-9]{3,32}$/.test(pushToken)) {
    throw new ConfigError(
      'WXTPL_PUSH_TOKEN must be 3 to 32 letters or digits, as the admin console requires',
    );
  }
  if (pushKey !== undefined && !/^[A-Za-z0-9]{43}$/.test(pushKey)) {
    throw new ConfigError('WXTPL_PUSH_AES_KEY must be the 43-character EncodingAESKey');
  }
  if (pushKey !== undefined && pushToken === undefined) {
    throw new ConfigError('WXTPL_PUSH_AES_KEY needs WXTPL_PUSH_TOKEN');
  }
  const addTemplates = nonEmpty(env.WXTPL_ADD_TEMPLATES);
  const redisUrl = nonEmpty(env.REDIS_URL);
  const redisPrefix = nonEmpty(env.REDIS_PREFIX) ?? CONFIG_DEFAULTS.redisPrefix;
  // Braces would make a Redis Cluster hash tag of the prefix; the SDK refuses them too.
  if (!/^[^{}\s]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError('REDIS_PREFIX must be up to 64 characters, no braces or spaces');
  }
  const campaignConcurrency = Number(
    nonEmpty(env.CAMPAIGN_CONCURRENCY) ?? CONFIG_DEFAULTS.campaignConcurrency,
  );
  if (
    !Number.isInteger(campaignConcurrency) ||
    campaignConcurrency < 1 ||
    campaignConcurrency > 1000
  ) {
    throw new ConfigError(
      `CAMPAIGN_CONCURRENCY must be a whole number from 1 to 1000, got ${JSON.stringify(env.CAMPAIGN_CONCURRENCY)}`,
    );
  }
  return {
    mode,
    messages,
    ...(pushToken === undefined
      ? {}
      : {
          push: { token: pushToken, ...(pushKey === undefined ? {} : { encodingAESKey: pushKey }) },
        }),
    appId: appId ?? EMULATOR_DEFAULTS.appId,
    appSecret: appSecret ?? EMULATOR_DEFAULTS.appSecret,
    baseUrl,
    ...(redisUrl === undefined ? {} : { redisUrl }),
    redisPrefix,
    campaignConcurrency,
    sessionSecret,
    adminToken,
    addMissingTemplates:
      addTemplates === undefined
        ? mode === 'emulator'
        : !['0', 'false', 'no'].includes(addTemplates),
    host: nonEmpty(env.HOST) ?? CONFIG_DEFAULTS.host,
    port,
    requestTimeoutMs,
    shutdownTimeoutMs,
    logLevel,
  };
}

/** A positive whole number of milliseconds: a bound that cannot be switched off by mistake. */
function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(
      `${name} must be a positive number of milliseconds, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * Whether a package runner (`npm start`, `npm run`, `pnpm start`, `pnpm exec`) started the process:
 * not configuration, the variables npm and pnpm set for the scripts they run (see runner.ts).
 */
export function startedByPackageRunner(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    env.npm_command !== undefined ||
    env.npm_lifecycle_event !== undefined ||
    env.PNPM_PACKAGE_NAME !== undefined
  );
}
