/**
 * The users holding an acceptance of one template, in memory, pageable by a cursor that stays
 * valid while users come and go: every entry carries a sequence number that only grows, and a
 * cursor is the last number returned. A page costs O(log n + count); removed entries are left as
 * tombstones and compacted once they make up half of the list (numbers are kept, so cursors live).
 */
export class MemoryAudience {
  /** openid → the sequence number of its live entry. */
  readonly #live = new Map<string, number>();
  /** Entries in sequence order, tombstones included. */
  #entries: { seq: number; openid: string }[] = [];
  #next = 1;

  get size(): number {
    return this.#live.size;
  }

  add(openid: string): void {
    if (this.#live.has(openid)) return;
    const seq = this.#next++;
    this.#live.set(openid, seq);
    this.#entries.push({ seq, openid });
  }

  delete(openid: string): void {
    if (!this.#live.delete(openid)) return;
    if (this.#entries.length > 64 && this.#live.size * 2 < this.#entries.length) {
      this.#entries = this.#entries.filter((e) => this.#live.get(e.openid) === e.seq);
    }
  }

  /** Up to `count` users after `cursor` (`'0'`: from the start); the cursor is `'0'` at the end. */
  page(cursor: string, count: number): { cursor: string; openids: string[] } {
    const after = Number(cursor) || 0;
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#entries[mid] as { seq: number }).seq <= after) lo = mid + 1;
      else hi = mid;
    }
    const openids: string[] = [];
    let last = after;
    for (let i = lo; i < this.#entries.length && openids.length < Math.max(1, count); i++) {
      const entry = this.#entries[i] as { seq: number; openid: string };
      last = entry.seq;
      if (this.#live.get(entry.openid) === entry.seq) openids.push(entry.openid);
    }
    const end = this.#entries.at(-1)?.seq ?? 0;
    return { cursor: last >= end ? '0' : String(last), openids };
  }
}
