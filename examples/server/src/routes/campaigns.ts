import { randomBytes } from 'node:crypto';
import { CampaignNotFoundError, InvalidArgumentError, TemplateDataError } from '@wxtpl/server-sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { campaignPage, campaignPagePolicy } from '../campaign-page.js';
import type { CampaignDesk } from '../campaigns.js';
import { type AppContext, requireMerchant } from '../context.js';

interface StartBody {
  template: string;
  data: Record<string, unknown>;
  page?: string;
  ratePerSecond?: number;
}
type IdParams = { id: string };

// The SDK's campaign ids: base-36 time and random hex.
const ID_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-z]{1,64}$' } },
} as const;

/**
 * The merchant's campaigns (`x-admin-token`): `POST /admin/campaigns` sends one subscribe template
 * to everyone holding an acceptance of it, `GET /admin/campaigns/:id` is its status,
 * `POST /admin/campaigns/:id/cancel` stops it, and `GET /admin/campaigns/:id/view` is a page that
 * follows it (the page holds no data: its script asks for the status with the token).
 */
export function campaignRoutes(app: FastifyInstance, context: AppContext): void {
  app.post<{ Body: StartBody }>(
    '/admin/campaigns',
    {
      schema: {
        body: {
          type: 'object',
          required: ['template', 'data'],
          additionalProperties: false,
          properties: {
            template: { type: 'string', minLength: 1, maxLength: 64 },
            data: { type: 'object' },
            page: { type: 'string', minLength: 1, maxLength: 128 },
            ratePerSecond: { type: 'number', exclusiveMinimum: 0, maximum: 100_000 },
          },
        },
      },
    },
    async (request, reply) => {
      const desk = deskOrReply(context, request, reply);
      if (desk === undefined) return reply;
      const { template: name, data, page, ratePerSecond } = request.body;
      const template = Object.hasOwn(desk.templates, name) ? desk.templates[name] : undefined;
      if (template === undefined) {
        return reply.code(400).send({
          error: 'unknown_template',
          message: `template must be one of ${Object.keys(desk.templates).join(', ')}`,
        });
      }
      try {
        const { id } = await desk.campaigns.start({
          template,
          audience: { subscribedTo: template.id },
          data,
          ...(page === undefined ? {} : { page }),
          ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
        });
        request.log.info({ campaign: id, template: name }, 'campaign started');
        return reply.code(201).send({ id });
      } catch (error) {
        // The message is checked once, at start: bad data is the caller's to fix.
        if (error instanceof TemplateDataError || error instanceof InvalidArgumentError) {
          return reply.code(400).send({ error: 'invalid_message', message: error.message });
        }
        throw error;
      }
    },
  );

  app.get<{ Params: IdParams }>(
    '/admin/campaigns/:id',
    { schema: { params: ID_SCHEMA } },
    async (request, reply) => {
      const desk = deskOrReply(context, request, reply);
      if (desk === undefined) return reply;
      return found(reply, () => desk.campaigns.status(request.params.id));
    },
  );

  app.post<{ Params: IdParams }>(
    '/admin/campaigns/:id/cancel',
    { schema: { params: ID_SCHEMA } },
    async (request, reply) => {
      const desk = deskOrReply(context, request, reply);
      if (desk === undefined) return reply;
      const { id } = request.params;
      return found(reply, async () => {
        const cancelled = await desk.campaigns.cancel(id);
        return { cancelled, status: await desk.campaigns.status(id) };
      });
    },
  );

  // The page is the same for everyone and carries no campaign data, so it needs no token: its
  // script sends the token (from the address' #token=… fragment, never sent to a server, or
  // asked for) with each status request. A fresh nonce per answer lets only its own script run.
  app.get<{ Params: IdParams }>(
    '/admin/campaigns/:id/view',
    { schema: { params: ID_SCHEMA } },
    async (request, reply) => {
      const nonce = randomBytes(16).toString('base64');
      return reply
        .header('content-security-policy', campaignPagePolicy(nonce))
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .type('text/html; charset=utf-8')
        .send(campaignPage(request.params.id, nonce));
    },
  );
}

/** The campaigns, for the merchant; else answers 403, or 404 when this server runs none. */
function deskOrReply(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): CampaignDesk | undefined {
  if (!requireMerchant(context, request, reply)) return undefined;
  if (context.campaigns === undefined) {
    void reply.code(404).send({
      error: 'campaigns_off',
      message: 'campaigns need REDIS_URL and subscribe messages (WXTPL_MESSAGES=subscribe)',
    });
  }
  return context.campaigns;
}

/** The answer of `read`, or 404 for a campaign that does not exist (or expired). */
async function found(reply: FastifyReply, read: () => Promise<unknown>): Promise<FastifyReply> {
  try {
    return reply.send(await read());
  } catch (error) {
    if (error instanceof CampaignNotFoundError) {
      return reply.code(404).send({ error: 'not_found', message: 'no such campaign' });
    }
    throw error;
  }
}
