import type { FormIdPool, Notifier, WeChatClient } from '@wxtpl/server-sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CampaignDesk } from './campaigns.js';
import type { ExampleServerConfig } from './config.js';
import type { Notices } from './notices.js';
import type { OrderBook } from './orders.js';
import type { PrepayProvider } from './payments.js';
import { bearerToken, type SessionSigner, sameSecret } from './session.js';

/** What the route modules share. */
export interface AppContext {
  config: ExampleServerConfig;
  client: WeChatClient;
  pool: FormIdPool;
  notifier: Notifier;
  sessions: SessionSigner;
  /** Who is told what, as subscribe or template messages (`config.messages`). */
  notices: Notices;
  orders: OrderBook;
  prepay: PrepayProvider;
  now: () => number;
  /** Campaigns and the worker of this process: with Redis and subscribe messages only. */
  campaigns?: CampaignDesk;
}

/** The signed-in user's openid, or `undefined` after answering 401. */
export function requireOpenid(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): string | undefined {
  const openid = context.sessions.verify(bearerToken(request.headers.authorization));
  if (openid === null) {
    void reply.code(401).send({ error: 'unauthorized', message: 'log in again (POST /login)' });
    return undefined;
  }
  return openid;
}

/** True for the merchant's own calls (`x-admin-token`), else answers 403. */
export function requireMerchant(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  if (sameSecret(request.headers['x-admin-token'], context.config.adminToken)) return true;
  void reply
    .code(403)
    .send({ error: 'forbidden', message: 'merchant endpoint: send x-admin-token' });
  return false;
}
