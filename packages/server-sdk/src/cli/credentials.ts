import { EMULATOR_DEMO_APP, WECHAT_API_BASE_URL } from '@wxtpl/shared-types';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import type { Flags } from './options.js';

/** A setting and where it came from (`--appid`, `WXTPL_APPID`, …), for errors that name it. */
export interface Sourced {
  value: string;
  source: string;
}

/** What the CLI talks to WeChat with. */
export interface Credentials {
  appId: Sourced;
  /** Absent only when an access_token was given (`WXTPL_ACCESS_TOKEN`). */
  appSecret?: Sourced;
  baseUrl: Sourced;
  /** True when no credentials were given and the local emulator's demo app is used. */
  demo: boolean;
}

function pick(
  flag: string | undefined,
  flagName: string,
  env: string | undefined,
  envName: string,
): Sourced | undefined {
  if (flag !== undefined && flag !== '') return { value: flag, source: flagName };
  if (env !== undefined && env !== '') return { value: env, source: envName };
  return undefined;
}

/**
 * Credentials from flags, then the environment. With neither an AppID nor an AppSecret but a base
 * URL that answers as a wxtpl emulator, the emulator's demo app (public test credentials) is used.
 */
export async function resolveCredentials(
  flags: Flags,
  io: CliIo,
  timeoutMs: number,
  { secretOptional = false } = {},
): Promise<Credentials> {
  const appId = pick(flags.appid, '--appid', io.env.WXTPL_APPID, 'WXTPL_APPID');
  const appSecret = pick(flags.secret, '--secret', io.env.WXTPL_SECRET, 'WXTPL_SECRET');
  const baseUrl = pick(flags['base-url'], '--base-url', io.env.WXTPL_BASE_URL, 'WXTPL_BASE_URL');
  if (appId !== undefined && (appSecret !== undefined || secretOptional)) {
    return {
      appId,
      ...(appSecret === undefined ? {} : { appSecret }),
      baseUrl: baseUrl ?? { value: WECHAT_API_BASE_URL, source: 'the default base URL' },
      demo: false,
    };
  }
  if (appId === undefined && appSecret === undefined && baseUrl !== undefined) {
    const served = await emulatorApps(baseUrl.value, timeoutMs);
    if (served?.includes(EMULATOR_DEMO_APP.appId)) {
      io.stderr.write(
        `wxtpl: no credentials given: using the emulator's demo app ${EMULATOR_DEMO_APP.appId} at ${baseUrl.value}\n`,
      );
      const source = `the emulator's demo app`;
      return {
        appId: { value: EMULATOR_DEMO_APP.appId, source },
        appSecret: { value: EMULATOR_DEMO_APP.appSecret, source },
        baseUrl,
        demo: true,
      };
    }
    if (served !== undefined) {
      throw new UsageError(
        `the emulator at ${baseUrl.value} does not serve the demo app ${EMULATOR_DEMO_APP.appId} (it serves ${served.join(', ') || 'no app'}): pass --appid and set WXTPL_SECRET`,
        '--appid',
      );
    }
  }
  if (appId === undefined) {
    throw new UsageError(
      'no AppID: pass --appid or set WXTPL_APPID (or point WXTPL_BASE_URL at a local emulator to use its demo app)',
      '--appid',
    );
  }
  throw new UsageError('no AppSecret: set WXTPL_SECRET (or pass --secret)', '--secret');
}

/**
 * The appids a wxtpl emulator at `baseUrl` serves (its control plane's `GET /__emulator/apps`),
 * or undefined when nothing there answers like one.
 */
async function emulatorApps(baseUrl: string, timeoutMs: number): Promise<string[] | undefined> {
  let url: URL;
  try {
    url = new URL('/__emulator/apps', baseUrl);
  } catch {
    return undefined;
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { apps?: { appid?: unknown }[] };
    if (!Array.isArray(body.apps)) return undefined;
    return body.apps.map((app) => app.appid).filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}
