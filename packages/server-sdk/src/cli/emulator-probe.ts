/** What answers at a base URL given without credentials. */
export type EmulatorProbe =
  /** A wxtpl emulator, serving these appids. */
  | { kind: 'emulator'; apps: string[] }
  /** Something answered, but not as a wxtpl emulator. */
  | { kind: 'other' }
  /** Nothing answered; `reason` says why (`connection refused`). */
  | { kind: 'unreachable'; reason: string };

/** Asks `GET /__emulator/apps` (the emulator's control plane) at `baseUrl`, within `timeoutMs`. */
export async function probeEmulator(baseUrl: URL, timeoutMs: number): Promise<EmulatorProbe> {
  const url = new URL('/__emulator/apps', baseUrl);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { kind: 'unreachable', reason: unreachableReason(error, timeoutMs) };
  }
  try {
    if (!response.ok) return { kind: 'other' };
    const body = (await response.json()) as { apps?: { appid?: unknown }[] };
    if (!Array.isArray(body.apps)) return { kind: 'other' };
    const apps = body.apps
      .map((app) => app?.appid)
      .filter((id): id is string => typeof id === 'string');
    return { kind: 'emulator', apps };
  } catch {
    return { kind: 'other' };
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

function unreachableReason(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && REASONS[code] !== undefined) return REASONS[code];
    if (typeof code === 'string' && code.startsWith('E')) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return 'no connection';
}
