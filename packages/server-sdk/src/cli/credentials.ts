import { EMULATOR_DEMO_APP, WECHAT_API_BASE_URL } from '@wxtpl/shared-types';
import { probeEmulator } from './emulator-probe.js';
import { EmulatorUnreachableError, UsageError } from './errors.js';
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
    const probe = await probeEmulator(checkBaseUrl(baseUrl), timeoutMs);
    if (probe.kind === 'unreachable') {
      throw new EmulatorUnreachableError(
        `no wxtpl-emulator answered at ${baseUrl.value} (${probe.reason}); start one with \`npx wxtpl-emulator\`, or pass --appid and set WXTPL_SECRET`,
      );
    }
    if (probe.kind === 'emulator' && probe.apps.includes(EMULATOR_DEMO_APP.appId)) {
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
    if (probe.kind === 'emulator') {
      throw new UsageError(
        `the emulator at ${baseUrl.value} does not serve the demo app ${EMULATOR_DEMO_APP.appId} (it serves ${probe.apps.join(', ') || 'no app'}): pass --appid and set WXTPL_SECRET`,
        '--appid',
      );
    }
    throw new UsageError(
      `no AppID: pass --appid or set WXTPL_APPID (${baseUrl.value} answers, but not as a wxtpl-emulator with a demo app)`,
      '--appid',
    );
  }
  if (appId === undefined) {
    throw new UsageError(
      'no AppID: pass --appid or set WXTPL_APPID (or point WXTPL_BASE_URL at a local emulator to use its demo app)',
      '--appid',
    );
  }
  throw new UsageError('no AppSecret: set WXTPL_SECRET (or pass --secret)', '--secret');
}

/** `--base-url` / `WXTPL_BASE_URL` as a URL, or a usage error naming it as the user typed it. */
function checkBaseUrl(baseUrl: Sourced): URL {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl.value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(
      `${baseUrl.source} must be an absolute http(s) URL, got '${baseUrl.value}'`,
      baseUrl.source,
    );
  }
  return url;
}
