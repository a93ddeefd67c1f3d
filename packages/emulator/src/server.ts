import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { WeChatPath } from '@wxtpl/shared-types';
import type { EmulatorState } from './emulator-state.js';
import { type BodyResult, readJsonBody } from './http/body.js';
import type { RequestContext } from './http/context.js';
import { guardControl } from './http/control-guard.js';
import { controlError, type Reply, wechatError, writeReply } from './http/reply.js';
import { CONTROL_PREFIX, ROUTES } from './routes.js';
import type { FaultRule } from './types.js';

const NO_BODY: BodyResult = { kind: 'empty' };

/** The HTTP server: routing, fault injection, stats, and the guarantee of never answering 500. */
export function createEmulatorServer(
  state: EmulatorState,
  options: { controlHosts?: readonly string[] } = {},
): Server {
  const controlHosts = new Set((options.controlHosts ?? []).map((name) => name.toLowerCase()));
  const server = createServer((req, res) => {
    handle(state, controlHosts, req, res).catch(() => {
      // handle() catches everything itself; this only guards against a broken socket.
      if (!res.headersSent) writeReply(res, wechatError(-1));
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(
  state: EmulatorState,
  controlHosts: ReadonlySet<string>,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const route = ROUTES.get(path);
  state.stats.request(route ? path : '*');

  const isControl = path.startsWith(CONTROL_PREFIX) || path === '/';
  if (path.startsWith(CONTROL_PREFIX)) {
    const refused = guardControl(req, controlHosts);
    if (refused) {
      req.resume();
      return finish(state, path, res, { ...refused, close: true });
    }
  }
  const fault = isControl ? undefined : state.faults.match(path);
  if (fault && !fault.afterProcessing) {
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.reset) return destroy(req, res);
    const early = faultReply(fault);
    if (early) return finish(state, path, res, early);
  }

  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? NO_BODY : await readJsonBody(req);
  let reply: Reply;
  if (route === undefined) {
    reply = path.startsWith(CONTROL_PREFIX)
      ? controlError(404, `no control-plane endpoint ${path}`)
      : { ...wechatError(48001, 'no such api in the emulator'), status: 404 };
  } else {
    const ctx: RequestContext = {
      state,
      method,
      path,
      query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
      body,
    };
    try {
      reply = await route(ctx);
    } catch (error) {
      process.stderr.write(`wxtpl-emulator: ${path} failed: ${(error as Error).message}\n`);
      reply = isControl ? controlError(500, 'internal emulator error') : wechatError(-1);
    }
  }

  try {
    if (fault?.afterProcessing) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.reset) {
        countSend(state, path, reply);
        return destroy(req, res);
      }
    }
    finish(state, path, res, reply);
  } finally {
    reply.onSettled?.();
  }
}

function faultReply(fault: FaultRule): Reply | undefined {
  if (fault.errcode !== undefined) return wechatError(fault.errcode, 'injected fault');
  if (fault.httpStatus !== undefined) {
    return {
      status: fault.httpStatus,
      contentType: 'text/html; charset=utf-8',
      body: `<html><body><h1>${fault.httpStatus}</h1><p>injected fault</p></body></html>`,
    };
  }
  return undefined;
}

function finish(state: EmulatorState, path: string, res: ServerResponse, reply: Reply): void {
  countSend(state, path, reply);
  writeReply(res, reply);
}

/**
 * Every answer of the two send endpoints counts: ok, or failed by errcode (HTTP faults as
 * `http_N`).
 */
function countSend(state: EmulatorState, path: string, reply: Reply): void {
  const { stats } = state;
  const errcode = (reply.body as { errcode?: unknown } | null)?.errcode;
  const failure = typeof errcode === 'number' ? errcode : `http_${reply.status}`;
  if (path === WeChatPath.templateSend) {
    if (errcode === 0) stats.sendsOk += 1;
    else stats.sendFailed(failure);
  } else if (path === WeChatPath.subscribeSend) {
    if (errcode === 0) stats.subscribeSendsOk += 1;
    else stats.subscribeSendFailed(failure);
  }
}

function destroy(req: IncomingMessage, res: ServerResponse): void {
  req.socket.destroy();
  res.destroy();
}
