import type { CollectHandler } from '../handler.js';
import { type NodeRequestLike, serveNode } from './node.js';

/** The parts of a Koa context the adapter uses. */
export interface KoaContextLike {
  req: NodeRequestLike;
  /** `body` is read when a body parser (koa-body, @koa/bodyparser) set it. */
  request: object;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

/** A Koa middleware. */
export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

/**
 * Mounts a collect handler on Koa, e.g. with a router: `router.all('/wxtpl/collect',
 * toKoa(handler))`. `resolveOpenid` receives the Koa `ctx` as `context.native` (for
 * `ctx.session`, `ctx.state.user`, …).
 */
export function toKoa(handler: CollectHandler): KoaMiddleware {
  return async (ctx) => {
    const { status, headers, body } = await serveNode(
      handler,
      ctx.req,
      (ctx.request as { body?: unknown }).body,
      ctx,
    );
    for (const [name, value] of headers) ctx.set(name, value);
    ctx.status = status;
    ctx.body = Buffer.from(body);
  };
}
