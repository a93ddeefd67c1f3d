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
export function postControl<T>(emulatorUrl: string, path: string, body: unknown): Promise<T> {
  const url = new URL(path, emulatorUrl.endsWith('/') ? emulatorUrl : `${emulatorUrl}/`);
  return new Promise<T>((resolve, reject) => {
    wxRequest(
      {
        url: url.toString(),
        method: 'POST',
        data: body as Record<string, unknown>,
        success: (res) => {
          if (res.statusCode >= 200 && res.statusCode < 300 && typeof res.data === 'object') {
            resolve(res.data as T);
          } else {
            reject(new WxRuntimeControlError(path, res.statusCode, JSON.stringify(res.data)));
          }
        },
        fail: (err) => reject(new WxRuntimeControlError(path, null, err.errMsg)),
      },
      { onStart() {}, onEnd() {} },
    );
  });
}
