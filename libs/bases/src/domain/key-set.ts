/**
 * An immutable set of strings whose `add` costs O(1) when versions are used one after the other, as a
 * fold does (`evolve` after `evolve`). A base's year can hold tens of thousands of registration keys:
 * copying a `Set` on every event would make rebuilding the state quadratic.
 *
 * All versions of one lineage share a map from key to the order it was added in; a version of size n
 * sees the keys added first n times. Adding to the newest version appends to the shared map; adding to
 * an older version (a branch: two commands decided on the same state) copies what that version sees.
 * Either way every version keeps answering as it did when it was made.
 */
export class KeySet {
  private constructor(
    private readonly lineage: { readonly order: Map<string, number>; length: number },
    readonly size: number,
  ) {}

  static empty(): KeySet {
    return new KeySet({ order: new Map(), length: 0 }, 0);
  }

  static of(keys: Iterable<string>): KeySet {
    let set = KeySet.empty();
    for (const key of keys) set = set.add(key);
    return set;
  }

  has(key: string): boolean {
    const position = this.lineage.order.get(key);
    return position !== undefined && position < this.size;
  }

  add(key: string): KeySet {
    if (this.has(key)) return this;
    if (this.size === this.lineage.length) {
      this.lineage.order.set(key, this.size);
      this.lineage.length += 1;
      return new KeySet(this.lineage, this.size + 1);
    }
    const order = new Map<string, number>();
    for (const [known, position] of this.lineage.order) {
      if (position >= this.size) break; // a map iterates in insertion order, which is the order of positions
      order.set(known, position);
    }
    order.set(key, this.size);
    return new KeySet({ order, length: this.size + 1 }, this.size + 1);
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (const [key, position] of this.lineage.order) {
      if (position >= this.size) return;
      yield key;
    }
  }
}
