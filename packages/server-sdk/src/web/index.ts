export { type ExpressMiddleware, toExpress } from './adapters/express.js';
export {
  type FastifyCollectPlugin,
  type FastifyInstanceLike,
  type FastifyReplyLike,
  type FastifyRequestLike,
  toFastify,
} from './adapters/fastify.js';
export { type KoaContextLike, type KoaMiddleware, toKoa } from './adapters/koa.js';
export { type NodeRequestLike, type NodeResponseLike, toWebRequest } from './adapters/node.js';
export { type HandlerContext, type WebHandler, webHandler } from './types.js';
