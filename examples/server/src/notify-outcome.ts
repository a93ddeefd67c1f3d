import { NoCreditError } from '@wxtpl/server-sdk';

/** What an endpoint reports about the template message it tried to send. */
export type NotificationOutcome =
  | { sent: true; source: string; attempts: number }
  | { sent: false; reason: 'no_credit' | 'failed'; message: string };

/**
 * Runs a notify and reports it without failing the business action: a booking stays booked even
 * when the user has no credit left to be told about it.
 */
export async function notifyOutcome(
  send: () => Promise<{ source?: string; attempts: number }>,
  log: { warn(obj: object, msg: string): void },
): Promise<NotificationOutcome> {
  try {
    const result = await send();
    return { sent: true, source: result.source ?? 'form', attempts: result.attempts };
  } catch (error) {
    if (error instanceof NoCreditError) {
      return { sent: false, reason: 'no_credit', message: error.message };
    }
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : 'Error';
    log.warn({ err: { name, message } }, 'notification failed');
    return { sent: false, reason: 'failed', message };
  }
}
