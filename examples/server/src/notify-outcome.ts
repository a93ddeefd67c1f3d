import { NoCreditError } from '@wxtpl/server-sdk';

/** What an endpoint reports about the message it tried to send. */
export type NotificationOutcome =
  | { sent: true; source: string; attempts: number }
  | { sent: false; reason: 'no_credit' | 'no_template' | 'failed'; message: string };

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
      return { sent: false, reason: 'no_credit', message: NOT_SENT.no_credit };
    }
    // The cause is for the log: the app shows the user our own words, never an SDK or WeChat text.
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : 'Error';
    log.warn({ err: { name, message } }, 'notification failed');
    return { sent: false, reason: 'failed', message: NOT_SENT.failed };
  }
}

/** What the app may show the user when no message went out, by reason. */
export const NOT_SENT = {
  no_credit: '未订阅该通知，或订阅次数已用完',
  no_template: '这一步不发送通知',
  failed: '通知发送失败，请稍后在订单中查看',
} as const satisfies Record<Exclude<NotificationOutcome, { sent: true }>['reason'], string>;
