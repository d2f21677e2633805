/**
 * A table of whole-number values by string key for the directory index: open addressing over
 * arrays sized once for the number of keys. At a million users a Map rehashes about twenty times
 * on its way up, touching every key again each time, and its entries are larger; here a lookup
 * is one probe into an Int32Array-sized table and one key comparison.
 */
export class KeyTable {
  private readonly keys: (string | undefined)[];
  private readonly values: Int32Array;
  private readonly mask: number;

  /** A table for at most `capacity` keys (it stays at most half full). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Sets the value of `key`; a later set of the same key replaces it, as Map's does. */
  set(key: string, value: number): void {
    const slot = this.slotOf(key);
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  /** The value of `key`, or undefined. */
  get(key: string): number | undefined {
    const slot = this.slotOf(key);
    return this.keys[slot] === undefined ? undefined : this.values[slot];
  }

  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.keys[this.slotOf(key)] !== undefined;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private slotOf(key: string): number {
    let slot = hashOf(key) & this.mask;
    for (;;) {
      const held = this.keys[slot];
      if (held === undefined || held === key) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser to spread sequential keys. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
