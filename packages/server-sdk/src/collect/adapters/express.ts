import type { CollectHandler } from '../handler.js';
import { type NodeRequestLike, type NodeResponseLike, serveNode } from './node.js';

/** An Express (4 or 5) or plain `node:http` middleware. */
export type ExpressMiddleware = (
  req: NodeRequestLike & { body?: unknown },
  res: NodeResponseLike,
  next: (error?: unknown) => void,
) => void;

/**
 * Mounts a collect handler on Express: `app.post('/wxtpl/collect', toExpress(handler))` (or
 * `app.all` to get 405s from the handler). `resolveOpenid` receives Express' `req` as
 * `context.native`, e.g. to read `req.session`. Mount it before `express.json()` so that the
 * byte limit applies to the bytes actually sent.
 */
export function toExpress(handler: CollectHandler): ExpressMiddleware {
  return (req, res, next) => {
    serveNode(handler, req, req.body, req)
      .then(({ status, headers, body }) => {
        res.statusCode = status;
        for (const [name, value] of headers) res.setHeader(name, value);
        res.end(body);
      })
      .catch(next);
  };
}
