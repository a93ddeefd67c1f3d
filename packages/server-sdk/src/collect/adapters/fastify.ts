import type { CollectHandler } from '../handler.js';
import { type NodeRequestLike, serveNode } from './node.js';

/** The parts of a Fastify request the adapter uses. */
export interface FastifyRequestLike {
  raw: NodeRequestLike;
  body?: unknown;
}

/** The parts of a Fastify reply the adapter uses. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload: Buffer): unknown;
}

/** The parts of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    parser: (
      request: unknown,
      payload: unknown,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): void;
  route(options: {
    method: ('DELETE' | 'GET' | 'OPTIONS' | 'PATCH' | 'POST' | 'PUT')[];
    url: string;
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;
  }): unknown;
}

/** A Fastify plugin (callback style). */
export type FastifyCollectPlugin = (
  instance: FastifyInstanceLike,
  options: { url?: string },
  done: (error?: Error) => void,
) => void;

const METHODS: Parameters<FastifyInstanceLike['route']>[0]['method'] = [
  'DELETE',
  'GET',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
];

/**
 * A Fastify plugin serving a collect handler at its prefix:
 * `app.register(toFastify(handler), { prefix: '/wxtpl/collect' })`. Inside its own encapsulated
 * context it hands the raw body to the handler (so the handler's byte limit and content-type
 * checks apply), leaving the app's other routes and parsers alone. `resolveOpenid` receives the
 * Fastify `request` as `context.native`.
 */
export function toFastify(handler: CollectHandler): FastifyCollectPlugin {
  return (instance, options, done) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, payload, parsed) => parsed(null, payload));
    instance.route({
      method: METHODS,
      url: options.url ?? '/',
      handler: async (request, reply) => {
        const { status, headers, body } = await serveNode(
          handler,
          request.raw,
          request.body,
          request,
        );
        reply.code(status);
        for (const [name, value] of headers) reply.header(name, value);
        return reply.send(Buffer.from(body));
      },
    });
    done();
  };
}
