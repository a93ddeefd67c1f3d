/**
 * Stands in for WeChat Pay's unified order: the backend creates the payment and gets a prepay_id,
 * which both opens `wx.requestPayment` and allows 3 template messages to the payer.
 */
export interface PrepayProvider {
  /** A prepay_id for this payer's new order. */
  createPrepay(openid: string, order: { item: string; amountFen: number }): Promise<string>;
}

/** Thrown when no payment integration is configured (real-WeChat mode without WeChat Pay). */
export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
}

/** The emulator mints prepay_ids through its control plane (`POST /__emulator/prepay`). */
export function emulatorPrepay(emulatorUrl: string, appId: string): PrepayProvider {
  const url = new URL('/__emulator/prepay', emulatorUrl).toString();
  return {
    async createPrepay(openid) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appid: appId, openid }),
      });
      const body = (await response.json().catch(() => null)) as { prepayId?: unknown } | null;
      if (!response.ok || typeof body?.prepayId !== 'string') {
        throw new Error(`emulator prepay failed (HTTP ${response.status})`);
      }
      return body.prepayId;
    },
  };
}

/** Real-WeChat mode without a WeChat Pay integration: orders cannot be paid. */
export const noPayments: PrepayProvider = {
  async createPrepay() {
    throw new PaymentUnavailableError(
      'no payment integration: call WeChat Pay unified order here and return its prepay_id',
    );
  },
};
