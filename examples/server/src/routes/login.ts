import { WeChatApiError } from '@wxtpl/server-sdk';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

/**
 * `POST /login {code}`: the code from `wx.login` → `code2Session` → a signed session token. The
 * session_key stays here (a real app would keep it server-side to decrypt user data).
 */
export function loginRoutes(app: FastifyInstance, context: AppContext): void {
  app.post<{ Body: { code: string } }>(
    '/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', minLength: 1, maxLength: 128 } },
        },
      },
    },
    async (request, reply) => {
      try {
        const session = await context.client.code2Session(request.body.code);
        return { token: context.sessions.sign(session.openid, context.now()) };
      } catch (error) {
        // 40029: unknown or reused code; 40163: code already used.
        if (
          error instanceof WeChatApiError &&
          (error.errcode === 40029 || error.errcode === 40163)
        ) {
          return reply.code(401).send({ error: 'invalid_code', message: error.errmsg });
        }
        throw error;
      }
    },
  );
}
