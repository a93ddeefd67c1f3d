import { subscribeTemplates } from '@wxtpl/example-templates';
import type { FastifyInstance } from 'fastify';
import { type AppContext, requireOpenid } from '../context.js';
import type { BookingInput } from '../notices.js';

/**
 * `POST /bookings`: books and tells the user (the reminder they accepted on the form, or in
 * template mode the confirmation paid by the form's formId, uploaded by the collector).
 */
export function bookingRoutes(app: FastifyInstance, context: AppContext): void {
  const keywordNames = Object.keys(subscribeTemplates.bookingReminder.keywords);
  let sequence = 0;
  app.post<{ Body: BookingInput }>(
    '/bookings',
    {
      schema: {
        body: {
          type: 'object',
          // The form's fields are the booking templates' keywords (the same names in both kinds).
          required: keywordNames,
          additionalProperties: false,
          properties: Object.fromEntries(
            keywordNames.map((name) => [name, { type: 'string', minLength: 1, maxLength: 40 }]),
          ),
        },
      },
    },
    async (request, reply) => {
      const openid = requireOpenid(context, request, reply);
      if (openid === undefined) return reply;
      sequence += 1;
      const booking = { id: String(sequence), ...request.body };
      const notification = await context.notices.booked(openid, request.body, request.log);
      return reply.code(201).send({ booking, notification });
    },
  );
}
