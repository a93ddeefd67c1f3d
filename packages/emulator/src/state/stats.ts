import type { EmulatorStats } from '../types.js';

/** Counters behind `GET /__emulator/stats`. */
export class StatsCounter {
  tokensIssued = 0;
  sendsOk = 0;
  subscribeSendsOk = 0;
  /** Message pushes: delivered, failed after every retry, dropped by a fault rule. */
  readonly pushes = { delivered: 0, failed: 0, dropped: 0 };
  private readonly sendsFailed = new Map<string, number>();
  readonly #subscribeSendsFailed = new Map<string, number>();
  private readonly requests = new Map<string, number>();

  request(path: string): void {
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
  }

  /** Counts a refused send under its errcode (or `http_STATUS` for an injected HTTP fault). */
  sendFailed(errcode: number | string): void {
    const key = String(errcode);
    this.sendsFailed.set(key, (this.sendsFailed.get(key) ?? 0) + 1);
  }

  /** Counts a refused subscribe send under its errcode (or `http_STATUS`). */
  subscribeSendFailed(errcode: number | string): void {
    const key = String(errcode);
    this.#subscribeSendsFailed.set(key, (this.#subscribeSendsFailed.get(key) ?? 0) + 1);
  }

  snapshot(): EmulatorStats {
    return {
      tokensIssued: this.tokensIssued,
      sends: {
        ok: this.sendsOk,
        failed: Object.fromEntries(this.sendsFailed),
      },
      requests: Object.fromEntries(this.requests),
      subscribeSends: {
        ok: this.subscribeSendsOk,
        failed: Object.fromEntries(this.#subscribeSendsFailed),
      },
      pushes: { ...this.pushes },
    };
  }

  load(stats: EmulatorStats): void {
    this.clear();
    this.tokensIssued = stats.tokensIssued;
    this.sendsOk = stats.sends.ok;
    for (const [k, v] of Object.entries(stats.sends.failed)) this.sendsFailed.set(k, v);
    for (const [k, v] of Object.entries(stats.requests)) this.requests.set(k, v);
    // Data files written before subscribe messages carry neither.
    this.subscribeSendsOk = stats.subscribeSends?.ok ?? 0;
    for (const [k, v] of Object.entries(stats.subscribeSends?.failed ?? {})) {
      this.#subscribeSendsFailed.set(k, v);
    }
    Object.assign(this.pushes, stats.pushes);
  }

  clear(): void {
    this.tokensIssued = 0;
    this.sendsOk = 0;
    this.sendsFailed.clear();
    this.requests.clear();
    this.subscribeSendsOk = 0;
    this.#subscribeSendsFailed.clear();
    Object.assign(this.pushes, { delivered: 0, failed: 0, dropped: 0 });
  }
}
