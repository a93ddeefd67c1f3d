import type { CampaignStore, Recorded } from './store.js';
import { patiently } from './waits.js';

/** Most outcomes one script call carries. */
const MOST_PER_CALL = 500;

interface Group {
  entries: Recorded[];
  /** Settles once every entry of the group is in Redis: one promise for the whole group. */
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  /** The linger's timer, while the group waits for more outcomes. */
  timer: NodeJS.Timeout | undefined;
}

/** Options of {@link OutcomeRecorder}. */
export interface RecorderOptions {
  /**
   * How long an outcome arriving while no call is out waits for others before it goes (0: at
   * once). `flush` sends a campaign's group without waiting, e.g. once a batch has no send left.
   */
  lingerMs?: number;
  /** Called with the outcomes of each call once they are in Redis. */
  written?: (campaignId: string, entries: readonly Recorded[]) => void;
}

/**
 * Records outcomes by group commit: the outcomes of a campaign that arrive while a call of it is
 * out go together in the next one; when none is out, the first waits at most `lingerMs` for
 * others (or a `flush`). A busy worker spends one round trip on many users instead of one each.
 * The promise `record` returns (shared by the group) resolves once the outcome is in Redis
 * (through an outage, within the worker's patience).
 */
export class OutcomeRecorder {
  readonly #store: CampaignStore;
  readonly #lingerMs: number;
  readonly #written: RecorderOptions['written'];
  readonly #waiting = new Map<string, Group>();
  readonly #writing = new Set<string>();

  constructor(store: CampaignStore, options: RecorderOptions = {}) {
    this.#store = store;
    this.#lingerMs = options.lingerMs ?? 0;
    this.#written = options.written;
  }

  record(campaignId: string, entry: Recorded): Promise<void> {
    let group = this.#waiting.get(campaignId);
    if (group === undefined) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      // Whoever awaits it sees a rejection; nobody awaiting it is no unhandled rejection.
      done.catch(() => {});
      group = { entries: [], done, resolve, reject, timer: undefined };
      this.#waiting.set(campaignId, group);
    }
    group.entries.push(entry);
    if (!this.#writing.has(campaignId)) {
      if (this.#lingerMs <= 0 || group.entries.length >= MOST_PER_CALL)
        void this.#write(campaignId);
      else if (group.timer === undefined) {
        group.timer = setTimeout(() => this.flush(campaignId), this.#lingerMs);
      }
    }
    return group.done;
  }

  /** Sends the campaign's waiting outcomes now, unless a call of it is out (they go next). */
  flush(campaignId: string): void {
    if (!this.#writing.has(campaignId) && this.#waiting.has(campaignId))
      void this.#write(campaignId);
  }

  async #write(campaignId: string): Promise<void> {
    this.#writing.add(campaignId);
    try {
      for (;;) {
        const group = this.#waiting.get(campaignId);
        if (group === undefined) return;
        this.#waiting.delete(campaignId);
        clearTimeout(group.timer);
        try {
          for (let i = 0; i < group.entries.length; i += MOST_PER_CALL) {
            const part =
              group.entries.length <= MOST_PER_CALL
                ? group.entries
                : group.entries.slice(i, i + MOST_PER_CALL);
            await patiently(() => this.#store.record(campaignId, part));
          }
        } catch (error) {
          group.reject(error);
          continue;
        }
        try {
          this.#written?.(campaignId, group.entries);
        } finally {
          group.resolve();
        }
      }
    } finally {
      this.#writing.delete(campaignId);
    }
  }
}
