import {
  createCollectHandler,
  createMemoryStore,
  createMessagePushHandler,
  createRedisStore,
  FormIdPool,
  Notifier,
  type Store,
  toFastify,
  WeChatClient,
} from '@wxtpl/server-sdk';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type RunningCampaigns, startCampaigns } from './campaigns.js';
import type { ExampleServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { checkHealth } from './health.js';
import { httpLimits } from './limits.js';
import { type Notices, subscribeNotices, templateNotices } from './notices.js';
import { OrderBook } from './orders.js';
import { emulatorPrepay, noPayments, type PrepayProvider } from './payments.js';
import { bookingRoutes } from './routes/bookings.js';
import { campaignRoutes } from './routes/campaigns.js';
import { loginRoutes } from './routes/login.js';
import { orderRoutes } from './routes/orders.js';
import { bearerToken, createSessionSigner } from './session.js';
import { resolveExampleSubscribeTemplates } from './subscribe-templates.js';
import { resolveTemplates, type TemplateResolution } from './templates.js';

/** Options of {@link createServer} beyond the configuration. */
export interface CreateServerOptions {
  /** Fastify's logger option (default off). */
  logger?: FastifyServerOptions['logger'];
  /** Where prepay_ids come from; default the emulator in emulator mode, none otherwise. */
  prepay?: PrepayProvider;
  /**
   * A store to share (tests); default Redis when `config.redisUrl` is set (under
   * `config.redisPrefix`), else memory.
   */
  store?: Store;
  /** Epoch milliseconds now. */
  now?: () => number;
}

/** A ready (not yet listening) example backend and the wxtpl objects behind it. */
export interface ExampleServer {
  app: FastifyInstance;
  client: WeChatClient;
  pool: FormIdPool;
  notifier: Notifier;
  /** What the user is told, as `config.messages` says. */
  notices: Notices;
  /** How each template id was found (account or library). */
  resolutions: TemplateResolution[];
  /** `app.listen` on the configured host and port; resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops the server and releases the store (when it owns it). */
  close(): Promise<void>;
}

/**
 * Builds the example backend: a WeChat client and a formId pool on one store, the templates
 * resolved to this account's template_ids, and the routes. Call `listen()` to serve.
 */
export async function createServer(
  config: ExampleServerConfig,
  options: CreateServerOptions = {},
): Promise<ExampleServer> {
  const ownsStore = options.store === undefined;
  const store =
    options.store ??
    (config.redisUrl
      ? createRedisStore(config.redisUrl, { prefix: config.redisPrefix })
      : createMemoryStore());
  const now = options.now ?? Date.now;
  const app = Fastify({ logger: options.logger ?? false, ...httpLimits(config.requestTimeoutMs) });
  // A 5xx says nothing of its cause (a store's or WeChat's message): that goes to the log.
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return reply.send(error);
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  // The SDK logs through the app's pino logger (it never passes secrets to it).
  const client = new WeChatClient({
    appId: config.appId,
    appSecret: config.appSecret,
    baseUrl: config.baseUrl,
    store,
    logger: app.log,
  });
  let campaigns: RunningCampaigns | undefined;
  try {
    const pool = new FormIdPool({ store, appId: config.appId });
    const notifier = new Notifier({ client, pool });
    // Only the kind in use is looked up: an account on subscribe messages has no template ones.
    const addMissing = { addMissing: config.addMissingTemplates };
    const { notices, resolutions, subscribeTemplates } =
      config.messages === 'subscribe'
        ? await resolveExampleSubscribeTemplates(client, addMissing).then((found) => ({
            notices: subscribeNotices(notifier, found.templates),
            resolutions: found.resolutions,
            subscribeTemplates: found.templates,
          }))
        : await resolveTemplates(client, addMissing).then((found) => ({
            notices: templateNotices(notifier, found.templates),
            resolutions: found.resolutions,
            subscribeTemplates: {},
          }));
    campaigns = startCampaigns(config, { pool, notifier, templates: subscribeTemplates });
    const context: AppContext = {
      config,
      client,
      pool,
      notifier,
      sessions: createSessionSigner(config.sessionSecret),
      notices,
      orders: new OrderBook(),
      prepay:
        options.prepay ??
        (config.mode === 'emulator' ? emulatorPrepay(config.baseUrl, config.appId) : noPayments),
      now,
      ...(campaigns === undefined ? {} : { campaigns: campaigns.desk }),
    };

    loginRoutes(app, context);
    // The collector's endpoint: the openid comes from our own session, never from the body.
    const collect = createCollectHandler({
      pool,
      resolveOpenid: (request: Request) =>
        context.sessions.verify(bearerToken(request.headers.get('authorization'))),
      onError: (error: unknown) => app.log.error({ err: error }, 'collect failed'),
    });
    await app.register(toFastify(collect), { prefix: '/formids' });
    if (config.push !== undefined) {
      // WeChat's message push: popup acceptances become credits, switched-off templates are
      // revoked, delivery receipts are logged. GET is the console's URL check.
      const push = createMessagePushHandler({
        appId: config.appId,
        token: config.push.token,
        ...(config.push.encodingAESKey === undefined
          ? {}
          : { encodingAESKey: config.push.encodingAESKey }),
        pool,
        now,
        onEvent: (event) => {
          if (event.kind === 'sent')
            app.log.info({ receipts: event.receipts }, 'delivery receipts');
        },
        onError: (error: unknown) => app.log.error({ err: error }, 'message push failed'),
      });
      await app.register(toFastify(push), { prefix: '/wechat/push' });
    }
    bookingRoutes(app, context);
    orderRoutes(app, context);
    campaignRoutes(app, context);
    app.get('/health', async (request, reply) => {
      const { ok, checks } = await checkHealth({ store, pool }, (part, error) =>
        request.log.error({ err: error }, `health: the ${part} check failed`),
      );
      return reply.code(ok ? 200 : 503).send({ ok, mode: config.mode, checks });
    });
    await app.ready();

    return {
      app,
      client,
      pool,
      notifier,
      notices,
      resolutions,
      async listen(port = config.port, host = config.host) {
        await app.listen({ port, host });
        const address = app.server.address();
        const boundPort = typeof address === 'object' && address ? address.port : port;
        return `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
      },
      async close() {
        await app.close();
        // The worker's sends in flight need the client and the store: it stops first.
        await campaigns?.close();
        await client.close();
        if (ownsStore) await store.close();
      },
    };
  } catch (error) {
    await app.close().catch(() => {});
    await campaigns?.close().catch(() => {});
    await client.close().catch(() => {});
    if (ownsStore) await store.close().catch(() => {});
    throw error;
  }
}
