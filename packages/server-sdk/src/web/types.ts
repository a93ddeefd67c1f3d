/** What an adapter knows besides the web `Request`: the framework's own request object. */
export interface HandlerContext {
  /** Express/Node `req`, Koa `ctx` or Fastify `request`, as the adapter got it. */
  readonly native?: unknown;
}

/**
 * A web-standard handler (`Request` in, `Response` out), as the collect and message-push handlers
 * are. Call it directly where the platform speaks `Request`/`Response` — a Next.js route handler
 * (`export const POST = handler`), Hono, Bun, Deno, Cloudflare Workers — or mount it with an
 * adapter (`toExpress`, `toKoa`, `toFastify`), which passes the framework's request through
 * `handle`.
 */
export interface WebHandler {
  (request: Request): Promise<Response>;
  /** The same, with the framework's request for the app's own callbacks. */
  handle(request: Request, context: HandlerContext): Promise<Response>;
}

/** A {@link WebHandler} from its `handle`. */
export function webHandler(
  handle: (request: Request, context: HandlerContext) => Promise<Response>,
): WebHandler {
  const handler = (request: Request) => handle(request, {});
  return Object.assign(handler, { handle });
}
