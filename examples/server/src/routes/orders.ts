import type { FastifyInstance, FastifyReply } from 'fastify';
import { type AppContext, requireMerchant, requireOpenid } from '../context.js';
import { formatFen, type Order, OrderStateError } from '../orders.js';
import { PaymentUnavailableError } from '../payments.js';
import { findProduct, PRODUCTS } from '../products.js';

/** What the mini-program sees of an order (no prepay_id, no openid). */
export function publicOrder(order: Order) {
  return {
    id: order.id,
    orderNo: order.orderNo,
    item: order.item,
    amount: formatFen(order.amountFen),
    status: order.status,
    ...(order.carrier === undefined ? {} : { carrier: order.carrier }),
    ...(order.trackingNo === undefined ? {} : { trackingNo: order.trackingNo }),
  };
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9]{1,12}$' } },
} as const;

/**
 * The order flow: create (with WeChat Pay's prepay_id), pay (the prepay_id becomes 3 send
 * credits; "paid" spends one), then the merchant ships and delivers (one notification each).
 */
export function orderRoutes(app: FastifyInstance, context: AppContext): void {
  const { orders } = context;

  const ownOrder = (id: string, openid: string | undefined, reply: FastifyReply) => {
    const order = orders.get(id);
    if (order === undefined || (openid !== undefined && order.openid !== openid)) {
      void reply.code(404).send({ error: 'not_found', message: `no order ${id}` });
      return undefined;
    }
    return order;
  };

  const advance = (order: Order, to: Order['status'], reply: FastifyReply): boolean => {
    try {
      orders.advance(order, to);
      return true;
    } catch (error) {
      if (!(error instanceof OrderStateError)) throw error;
      void reply.code(409).send({ error: 'conflict', message: error.message });
      return false;
    }
  };

  app.get('/products', async () => ({
    products: PRODUCTS.map((p) => ({ id: p.id, name: p.name, price: formatFen(p.priceFen) })),
  }));

  app.post<{ Body: { productId: string } }>(
    '/orders',
    {
      schema: {
        body: {
          type: 'object',
          required: ['productId'],
          properties: { productId: { type: 'string', minLength: 1, maxLength: 40 } },
        },
      },
    },
    async (request, reply) => {
      const openid = requireOpenid(context, request, reply);
      if (openid === undefined) return reply;
      const product = findProduct(request.body.productId);
      if (product === undefined) {
        return reply.code(400).send({ error: 'bad_request', message: 'unknown productId' });
      }
      let prepayId: string;
      try {
        prepayId = await context.prepay.createPrepay(openid, {
          item: product.name,
          amountFen: product.priceFen,
        });
      } catch (error) {
        if (error instanceof PaymentUnavailableError) {
          return reply.code(501).send({ error: 'payments_unavailable', message: error.message });
        }
        throw error;
      }
      const order = orders.create({
        openid,
        item: product.name,
        amountFen: product.priceFen,
        prepayId,
        now: context.now(),
      });
      // What `wx.requestPayment` takes. With real WeChat Pay, sign these with the merchant key.
      const payment = {
        timeStamp: String(Math.floor(context.now() / 1000)),
        nonceStr: order.orderNo,
        package: `prepay_id=${prepayId}`,
        signType: 'RSA',
        paySign: context.config.mode === 'emulator' ? 'emulator' : '',
      };
      return reply.code(201).send({ order: publicOrder(order), payment });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/orders/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const openid = requireOpenid(context, request, reply);
      if (openid === undefined) return reply;
      const order = ownOrder(request.params.id, openid, reply);
      return order === undefined ? reply : { order: publicOrder(order) };
    },
  );

  // In production the payment is confirmed by WeChat Pay's notify_url callback, not by the client;
  // call `pool.addPrepayId` from that callback. The emulator has no such callback, so the
  // mini-program reports the payment here once `wx.requestPayment` succeeded.
  app.post<{ Params: { id: string } }>(
    '/orders/:id/pay',
    { schema: { params: idParams } },
    async (request, reply) => {
      const openid = requireOpenid(context, request, reply);
      if (openid === undefined) return reply;
      const order = ownOrder(request.params.id, openid, reply);
      if (order === undefined || !advance(order, 'paid', reply)) return reply;
      await context.pool.addPrepayId(openid, order.prepayId, order.createdAt);
      const notification = await context.notices.paid(order, context.now(), request.log);
      return { order: publicOrder(order), notification };
    },
  );

  app.post<{ Params: { id: string }; Body: { carrier?: string; trackingNo?: string } | undefined }>(
    '/orders/:id/ship',
    {
      schema: {
        params: idParams,
        body: {
          type: ['object', 'null'],
          properties: {
            carrier: { type: 'string', minLength: 1, maxLength: 20 },
            trackingNo: { type: 'string', minLength: 1, maxLength: 32 },
          },
        },
      },
    },
    async (request, reply) => {
      if (!requireMerchant(context, request, reply)) return reply;
      const order = ownOrder(request.params.id, undefined, reply);
      if (order === undefined || !advance(order, 'shipped', reply)) return reply;
      order.carrier = request.body?.carrier ?? '顺丰速运';
      order.trackingNo = request.body?.trackingNo ?? `SF${order.createdAt}`.slice(0, 15);
      const notification = await context.notices.shipped(order, context.now(), request.log);
      return { order: publicOrder(order), notification };
    },
  );

  app.post<{ Params: { id: string }; Body: { receiver?: string } | undefined }>(
    '/orders/:id/deliver',
    {
      schema: {
        params: idParams,
        body: {
          type: ['object', 'null'],
          properties: { receiver: { type: 'string', minLength: 1, maxLength: 20 } },
        },
      },
    },
    async (request, reply) => {
      if (!requireMerchant(context, request, reply)) return reply;
      const order = ownOrder(request.params.id, undefined, reply);
      if (order === undefined || !advance(order, 'delivered', reply)) return reply;
      const receiver = request.body?.receiver ?? '本人';
      const notification = await context.notices.delivered(
        order,
        context.now(),
        receiver,
        request.log,
      );
      return { order: publicOrder(order), notification };
    },
  );
}
