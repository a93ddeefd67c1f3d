import type { IncomingMessage } from 'node:http';
import { controlError, type Reply } from './reply.js';

/**
 * Who may use the control plane: it rewrites secrets, clocks and inboxes, so it is for tests and
 * local tools on this machine only. A web page elsewhere must not reach it through the user's
 * browser: a cross-site POST needs a JSON content type (so the browser asks first, and is never
 * answered), an `Origin` must be this machine, and the `Host` must be a loopback name, which
 * defeats DNS rebinding. `extraHosts` adds names (a compose service name, say).
 */
export function guardControl(
  req: IncomingMessage,
  extraHosts: ReadonlySet<string>,
): Reply | undefined {
  const allowed = (hostname: string) => isLoopbackName(hostname) || extraHosts.has(hostname);
  const host = hostnameOf(`http://${req.headers.host ?? ''}`);
  if (host === undefined || !allowed(host)) {
    return controlError(403, 'the control plane answers only requests to a loopback host name');
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const from = hostnameOf(origin);
    if (from === undefined || !allowed(from)) {
      return controlError(403, 'the control plane answers no cross-site request');
    }
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    return controlError(403, 'the control plane answers no cross-site request');
  }
  if (req.method === 'POST' && !isJson(req.headers['content-type'])) {
    return controlError(415, 'control-plane POSTs must be application/json');
  }
  return undefined;
}

function hostnameOf(url: string): string | undefined {
  try {
    const { hostname } = new URL(url);
    return hostname === '' ? undefined : hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return undefined;
  }
}

function isLoopbackName(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType.trim());
}
