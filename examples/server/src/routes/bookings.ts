import type { FastifyInstance } from 'fastify';
import { type AppContext, requireOpenid } from '../context.js';
import { notifyOutcome } from '../notify-outcome.js';

/** A booking: the booking template's keywords, as the form sends them. */
export interface BookingInput {
  service: string;
  time: string;
  store: string;
  contact: string;
}

/**
 * `POST /bookings`: books and confirms with the booking template, spending one of the user's
 * credits (the formId of the form that was just submitted, uploaded by the collector).
 */
export function bookingRoutes(app: FastifyInstance, context: AppContext): void {
  const keywordNames = Object.keys(context.templates.bookingConfirmed.keywords);
  let sequence = 0;
  app.post<{ Body: BookingInput }>(
    '/bookings',
    {
      schema: {
        body: {
          type: 'object',
          // The form's fields are the template's keywords: one definition drives both.
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
      const notification = await notifyOutcome(
        () =>
          context.notifier.notify({
            openid,
            template: context.templates.bookingConfirmed,
            data: {
              service: booking.service,
              time: booking.time,
              store: booking.store,
              contact: booking.contact,
            },
            page: 'pages/booking/index',
            emphasis: 'time',
          }),
        request.log,
      );
      return reply.code(201).send({ booking, notification });
    },
  );
}
