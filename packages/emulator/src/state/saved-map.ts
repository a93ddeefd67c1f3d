/**
 * State held in one Map and written to the data file as the Map's entries. A subclass whose
 * entries changed shape since older data files overrides `revive`.
 */
export abstract class SavedMap<V> {
  protected readonly entries = new Map<string, V>();

  clear(): void {
    this.entries.clear();
  }

  dump(): [string, V][] {
    return [...this.entries];
  }

  load(dump: [string, V][]): void {
    this.clear();
    for (const [key, value] of dump) this.entries.set(key, this.revive(value));
  }

  /** An entry as read back from a data file. */
  protected revive(value: V): V {
    return value;
  }
}
