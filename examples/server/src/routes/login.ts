import { AccessTokenError, WeChatApiError, WeChatTransportError } from '@wxtpl/server-sdk';
import { Errcode } from '@wxtpl/shared-types';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

/** Seconds a client waits before logging in again after a 503. */
const RETRY_AFTER_SECONDS = 5;

/** WeChat's answers that blame the login code itself: the phone must call `wx.login` again. */
const BAD_CODE: ReadonlySet<number> = new Set([Errcode.INVALID_CODE, Errcode.CODE_BEEN_USED]);

/**
 * `POST /login {code}`: the code from `wx.login` → `code2Session` → a signed session token, and
 * the account's ids of the subscribe templates the app asks for. The
 * session_key stays here (a real app would keep it server-side to decrypt user data).
 *
 * WeChat's refusals are answered in our own words, never with WeChat's message: 401 when the
 * code is bad or used, 503 (with `retry-after`) when WeChat is down, busy or refuses our
 * credentials. The details go to the log.
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
        return {
          token: context.sessions.sign(session.openid, context.now()),
          // The subscribe templates the app asks for, by name (empty in template mode).
          subscribeTemplates: context.notices.subscribeIds,
        };
      } catch (error) {
        if (error instanceof WeChatApiError && BAD_CODE.has(error.errcode)) {
          return reply.code(401).send({
            error: 'invalid_code',
            message: 'the login code is invalid or used: call wx.login again',
          });
        }
        if (
          error instanceof WeChatApiError ||
          error instanceof WeChatTransportError ||
          error instanceof AccessTokenError
        ) {
          request.log.error({ err: error }, 'login: WeChat did not exchange the code');
          return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({
            error: 'wechat_unavailable',
            message: 'WeChat login is unavailable: try again shortly',
          });
        }
        throw error;
      }
    },
  );
}
