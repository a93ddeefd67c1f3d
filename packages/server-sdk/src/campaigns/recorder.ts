import type { CampaignStore, Recorded } from './store.js';
import { patiently } from './waits.js';

/** Most outcomes one script call carries. */
const MOST_PER_CALL = 500;

interface Group {
  entries: Recorded[];
  settle: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Records outcomes by group commit: the first outcome of a campaign goes to Redis at once, and
 * those that arrive while that call is out go together in the next one. A busy worker spends one
 * round trip on many users instead of one each, and an idle one waits for nothing. Each promise
 * resolves once its outcome is in Redis (through an outage, within the worker's patience).
 */
export class OutcomeRecorder {
  readonly #store: CampaignStore;
  readonly #waiting = new Map<string, Group>();
  readonly #writing = new Set<string>();

  constructor(store: CampaignStore) {
    this.#store = store;
  }

  record(campaignId: string, entry: Recorded): Promise<void> {
    return new Promise((resolve, reject) => {
      let group = this.#waiting.get(campaignId);
      if (group === undefined) {
        group = { entries: [], settle: [] };
        this.#waiting.set(campaignId, group);
      }
      group.entries.push(entry);
      group.settle.push({ resolve, reject });
      if (!this.#writing.has(campaignId)) void this.#write(campaignId);
    });
  }

  async #write(campaignId: string): Promise<void> {
    this.#writing.add(campaignId);
    try {
      for (;;) {
        const group = this.#waiting.get(campaignId);
        if (group === undefined) return;
        this.#waiting.delete(campaignId);
        try {
          for (let i = 0; i < group.entries.length; i += MOST_PER_CALL) {
            const part = group.entries.slice(i, i + MOST_PER_CALL);
            await patiently(() => this.#store.record(campaignId, part));
          }
          for (const { resolve } of group.settle) resolve();
        } catch (error) {
          for (const { reject } of group.settle) reject(error);
        }
      }
    } finally {
      this.#writing.delete(campaignId);
    }
  }
}
