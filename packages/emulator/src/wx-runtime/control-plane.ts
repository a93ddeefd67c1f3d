import { wxRequest } from './request.js';

/** A control-plane call that did not answer 2xx with JSON. */
export class WxRuntimeControlError extends Error {
  readonly status: number | null;
  constructor(path: string, status: number | null, detail: string) {
    super(`emulator ${path} failed${status === null ? '' : ` (HTTP ${status})`}: ${detail}`);
    this.name = 'WxRuntimeControlError';
    this.status = status;
  }
}

/** POSTs JSON to the emulator's `/__emulator/*` control plane and resolves to its JSON answer. */
export async function postControl<T>(emulatorUrl: string, path: string, body: unknown): Promise<T> {
  const { status, data } = await callControl(emulatorUrl, 'POST', path, body);
  if (status >= 200 && status < 300 && typeof data === 'object') return data as T;
  throw new WxRuntimeControlError(path, status, JSON.stringify(data));
}

/**
 * One control-plane call, whatever its HTTP status: `{status, data}` (the parsed JSON); rejects
 * with a {@link WxRuntimeControlError} only when the emulator cannot be reached.
 */
export function callControl(
  emulatorUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; data: unknown }> {
  const url = new URL(path, emulatorUrl.endsWith('/') ? emulatorUrl : `${emulatorUrl}/`);
  return new Promise((resolve, reject) => {
    wxRequest(
      {
        url: url.toString(),
        method,
        ...(body === undefined ? {} : { data: body as Record<string, unknown> }),
        success: (res) => resolve({ status: res.statusCode, data: res.data }),
        fail: (err) => reject(new WxRuntimeControlError(path, null, err.errMsg)),
      },
      { onStart() {}, onEnd() {} },
    );
  });
}
