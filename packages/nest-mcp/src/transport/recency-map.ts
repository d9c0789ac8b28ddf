/**
 * A Map kept in recency order (oldest first), for least-recently-used
 * eviction: `touch` moves an entry to the end. An entry already at the end is
 * left where it is: taking it out and putting it back makes V8 rebuild the
 * table of a small Map, a fresh allocation per use on a hot path.
 */
export class RecencyMap<K, V> extends Map<K, V> {
  private newest?: K;

  /** Sets `key` and makes it the most recent. */
  touch(key: K, value: V): this {
    // The newest key is either at the end already or absent, and `set` then puts it there.
    if (this.newest !== key) super.delete(key);
    super.set(key, value);
    this.newest = key;
    return this;
  }

  /** The least recently touched (or added) key. */
  oldest(): K | undefined {
    return super.keys().next().value;
  }

  /**
   * Deletes the `count` least recently touched entries, in one pass. A Map
   * used as a queue keeps the slots of its deleted entries until it is
   * rebuilt, and every new iteration walks past them: deleting the oldest
   * one at a time, each time, costs more the longer the map. Trimming in
   * batches pays that walk once per batch.
   */
  dropOldest(count: number, onDropped?: (key: K, value: V) => void): void {
    let left = count;
    for (const [key, value] of super.entries()) {
      if (left-- <= 0) break;
      this.delete(key);
      onDropped?.(key, value);
    }
  }

  override set(key: K, value: V): this {
    if (!super.has(key)) this.newest = key;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    if (this.newest === key) this.newest = undefined;
    return super.delete(key);
  }

  override clear(): void {
    this.newest = undefined;
    super.clear();
  }
}
